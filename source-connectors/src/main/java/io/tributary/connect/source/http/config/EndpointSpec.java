package io.tributary.connect.source.http.config;

import com.fasterxml.jackson.core.JsonPointer;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.data.SchemaSpec;
import io.tributary.connect.common.data.Template;
import io.tributary.connect.common.http.HttpClientConfig;
import io.tributary.connect.common.registry.InferredSchemaRegistry;
import io.tributary.connect.source.http.config.HttpSourceConfig.Method;
import io.tributary.connect.source.http.config.HttpSourceConfig.Output;
import io.tributary.connect.source.http.config.HttpSourceConfig.PaginationType;
import io.tributary.connect.source.http.config.HttpSourceConfig.ResponseFormat;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.source.http.config.HttpSourceConfig.*;

/**
 * One endpoint, parsed: templates, JSON pointers and the schema checked once, at start (and by validate()), so a
 * mistake is reported with its key rather than found at the first poll.
 */
public record EndpointSpec(String name, String topic, Template url, Method method, List<NamedTemplate> headers,
                           List<NamedTemplate> params, Template body, long pollIntervalMs,
                           PaginationType pagination, JsonPointer cursorPointer, String paginationParam, long start,
                           String limitParam, int limit,
                           JsonPointer incremental, String incrementalInitial, JsonPointer incrementalId,
                           ResponseFormat format, JsonPointer records, JsonPointer key, JsonPointer timestamp,
                           Output output, Schema schema, String schemaName, String schemaRegistryUrl,
                           String schemaSubject, String dlqTopic, int dlqMaxValueBytes, AbstractConfig http) {

    /** A header or query parameter: a name and a templated value. */
    public record NamedTemplate(String name, Template value) {
    }

    /** Parses the endpoint's keys; a {@link ConfigException} names the key at fault. */
    public static EndpointSpec parse(Map<String, String> connectorProps, String name) {
        Map<String, String> props = HttpSourceConfig.endpointProps(connectorProps, name);
        AbstractConfig c = HttpSourceConfig.endpoint(connectorProps, name);
        String topic = c.getString(TOPIC_CONFIG).trim();
        String urlProblem = HttpClientConfig.urlProblem(c.getString(URL_CONFIG).replace("${", "").replace("}", ""));
        if (urlProblem != null) {
            throw new ConfigException(URL_CONFIG, c.getString(URL_CONFIG), urlProblem);
        }
        PaginationType pagination = Validators.parseEnum(PaginationType.class, c.getString(PAGINATION_CONFIG));
        String param = c.getString(PAGINATION_PARAM_CONFIG).trim();
        if (param.isEmpty()) {
            param = pagination == PaginationType.PAGE ? "page" : pagination == PaginationType.OFFSET ? "offset" : "";
        }
        long start = c.getLong(PAGE_START_CONFIG);
        if (start < 0) {
            start = pagination == PaginationType.PAGE ? 1 : 0;
        }
        Output output = Validators.parseEnum(Output.class, c.getString(OUTPUT_CONFIG));
        String schemaName = c.getString(SCHEMA_NAME_CONFIG);
        Schema schema = null;
        if (!c.getString(SCHEMA_CONFIG).isBlank()) {
            try {
                schema = SchemaSpec.parse(c.getString(SCHEMA_CONFIG), schemaName);
            } catch (RuntimeException e) {
                throw new ConfigException(SCHEMA_CONFIG, c.getString(SCHEMA_CONFIG), e.getMessage());
            }
        }
        // The key's validator refused a bad URL already (the endpoint's keys are parsed with the ConfigDef).
        String registry = InferredSchemaRegistry.url(c.getString(SCHEMA_REGISTRY_URL_CONFIG), props);
        String subject = InferredSchemaRegistry.subject(c.getString(SCHEMA_SUBJECT_CONFIG), topic);
        String dlq = c.getString(DLQ_TOPIC_CONFIG).isBlank() ? topic + "-dlq" : c.getString(DLQ_TOPIC_CONFIG).trim();
        EndpointSpec spec = new EndpointSpec(name, topic, template(c, URL_CONFIG),
                Validators.parseEnum(Method.class, c.getString(METHOD_CONFIG)), headers(c, props),
                params(c), template(c, BODY_CONFIG), c.getLong(POLL_INTERVAL_CONFIG),
                pagination, pointer(c, CURSOR_POINTER_CONFIG), param, start, c.getString(LIMIT_PARAM_CONFIG).trim(),
                c.getInt(LIMIT_CONFIG), pointer(c, INCREMENTAL_POINTER_CONFIG), c.getString(INCREMENTAL_INITIAL_CONFIG),
                pointer(c, INCREMENTAL_ID_POINTER_CONFIG),
                Validators.parseEnum(ResponseFormat.class, c.getString(RESPONSE_FORMAT_CONFIG)),
                pointer(c, RECORDS_POINTER_CONFIG), pointer(c, KEY_POINTER_CONFIG), pointer(c, TIMESTAMP_POINTER_CONFIG),
                output, schema, schemaName, registry, subject, dlq,
                c.getInt(DLQ_MAX_VALUE_BYTES_CONFIG), c);
        spec.check();
        return spec;
    }

    private void check() {
        if (pagination == PaginationType.CURSOR && cursorPointer == null) {
            throw new ConfigException(CURSOR_POINTER_CONFIG, "", "pagination.type 'cursor' needs the pointer to the "
                    + "next cursor in a response");
        }
        if (pagination == PaginationType.CURSOR && paginationParam.isEmpty() && !usesCursorTemplate()) {
            throw new ConfigException(PAGINATION_PARAM_CONFIG, "", "pagination.type 'cursor' needs a query parameter "
                    + "for the cursor, or '${offset.cursor}' in the URL, a header, a parameter or the body");
        }
        if (incremental == null && incrementalTemplateUsed()) {
            throw new ConfigException(INCREMENTAL_POINTER_CONFIG, "", "'${offset.timestamp}' is used but no "
                    + "incremental.pointer says which record field it comes from");
        }
        for (Template t : templates()) {
            for (String placeholder : t.placeholders()) {
                if (!placeholder.equals("offset.cursor") && !placeholder.equals("offset.timestamp")) {
                    throw new ConfigException(URL_CONFIG, t.toString(), "unknown placeholder '${" + placeholder
                            + "}': requests can use ${offset.cursor} and ${offset.timestamp}");
                }
            }
        }
    }

    private List<Template> templates() {
        List<Template> all = new ArrayList<>();
        all.add(url);
        all.add(body);
        headers.forEach(h -> all.add(h.value()));
        params.forEach(p -> all.add(p.value()));
        return all;
    }

    private boolean usesCursorTemplate() {
        return templates().stream().anyMatch(t -> t.placeholders().contains("offset.cursor"));
    }

    private boolean incrementalTemplateUsed() {
        return templates().stream().anyMatch(t -> t.placeholders().contains("offset.timestamp"));
    }

    /**
     * Exactly-once needs a deterministic position to resume from: an incremental watermark, or pages to stay on.
     * Without either, each pass reads everything again.
     */
    public boolean resumable() {
        return incremental != null || pagination != PaginationType.NONE;
    }

    private static Template template(AbstractConfig c, String key) {
        try {
            return Template.parse(c.getString(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, c.getString(key), e.getMessage());
        }
    }

    private static JsonPointer pointer(AbstractConfig c, String key) {
        String text = c.getString(key).trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return JsonPointer.compile(text.startsWith("/") ? text : "/" + text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, text, "not a JSON pointer: " + e.getMessage());
        }
    }

    private static List<NamedTemplate> headers(AbstractConfig c, Map<String, String> props) {
        List<NamedTemplate> headers = new ArrayList<>();
        for (String item : c.getList(HEADERS_CONFIG)) {
            int colon = item.indexOf(':');
            if (colon <= 0) {
                throw new ConfigException(HEADERS_CONFIG, item, "a header is 'Name: value'");
            }
            headers.add(new NamedTemplate(item.substring(0, colon).trim(), parseItem(HEADERS_CONFIG,
                    item.substring(colon + 1).trim())));
        }
        props.entrySet().stream().filter(e -> e.getKey().startsWith(HEADER_PREFIX)).sorted(Map.Entry.comparingByKey())
                .forEach(e -> headers.add(new NamedTemplate(e.getKey().substring(HEADER_PREFIX.length()),
                        parseItem(e.getKey(), e.getValue()))));
        return headers;
    }

    private static List<NamedTemplate> params(AbstractConfig c) {
        List<NamedTemplate> params = new ArrayList<>();
        for (String item : c.getList(PARAMS_CONFIG)) {
            int equals = item.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException(PARAMS_CONFIG, item, "a query parameter is 'name=value'");
            }
            params.add(new NamedTemplate(item.substring(0, equals).trim(), parseItem(PARAMS_CONFIG,
                    item.substring(equals + 1).trim())));
        }
        return params;
    }

    private static Template parseItem(String key, String text) {
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, text, e.getMessage());
        }
    }
}
