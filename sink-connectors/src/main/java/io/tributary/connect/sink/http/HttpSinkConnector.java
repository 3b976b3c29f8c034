package io.tributary.connect.sink.http;

import io.tributary.connect.common.connector.TributarySinkConnector;
import io.tributary.connect.sink.http.config.HttpSinkConfig;
import io.tributary.connect.sink.http.config.HttpSinkValidation;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import java.util.Map;

/**
 * Sends records to an HTTP endpoint, at least once: batched per partition into JSON arrays, NDJSON or one request
 * per record, in offset order per partition, with retries, a circuit breaker, dead letters for records the endpoint
 * refuses, and an optional idempotency key per request.
 */
public final class HttpSinkConnector extends TributarySinkConnector {

    @Override
    protected void check(Map<String, String> props) {
        new HttpSinkConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return HttpSinkConfig.CONFIG_DEF;
    }

    /** Besides the keys themselves: templates, the URL, credentials for the auth type, status lists that overlap. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        HttpSinkValidation.validate(config);
        return config;
    }
}
