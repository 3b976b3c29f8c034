package io.tributary.connect.source.http.config;

import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.http.HttpClientConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

import java.util.Map;

/**
 * What validate() checks beyond single keys: each endpoint parses (URL, templates, pointers, schema, pagination
 * needs), and the credentials the auth type needs are there. An endpoint's mistake is reported on the key it came
 * from, with the endpoint named.
 */
public final class HttpSourceValidation {

    private HttpSourceValidation() {
    }

    public static Config validate(Config config, Map<String, String> props) {
        CrossFieldValidation v = new CrossFieldValidation(config);
        boolean keysValid = config.configValues().stream().allMatch(value -> value.errorMessages().isEmpty());
        HttpClientConfig.validate(v);
        if (!keysValid) {
            return config;   // single-key errors first: parsing endpoints would only repeat them
        }
        for (String name : HttpSourceConfig.endpointNames(props)) {
            try {
                EndpointSpec.parse(props, name);
            } catch (ConfigException e) {
                String key = keyOf(e.getMessage(), config);
                v.error((name.equals(HttpSourceConfig.DEFAULT_ENDPOINT) ? "" : "endpoint '" + name + "': ")
                        + e.getMessage(), key);
            }
        }
        return config;
    }

    /** The key a ConfigException names ("Invalid value X for configuration KEY: ..."), or the URL key. */
    private static String keyOf(String message, Config config) {
        for (ConfigValue value : config.configValues()) {
            if (message.contains("configuration " + value.name() + ":")) {
                return value.name();
            }
        }
        return HttpSourceConfig.URL_CONFIG;
    }
}
