package io.tributary.connect.source.http.config;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.http.HttpClientConfig;
import io.tributary.connect.common.registry.InferredSchemaRegistry;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Configuration of the HTTP polling source. One connector polls one or more endpoints: the keys below describe the
 * default endpoint; with {@code endpoints=a,b} each named endpoint takes every key from
 * {@code endpoints.<name>.<key>} when set there, and from the top-level key otherwise. Cross-key rules live in
 * {@link HttpSourceValidation}.
 */
public final class HttpSourceConfig {

    public enum Method { GET, POST }
    public enum PaginationType { NONE, CURSOR, LINK, PAGE, OFFSET }
    public enum ResponseFormat { JSON, NDJSON }
    public enum Output { STRUCT, MAP, STRING }

    public static final String ENDPOINTS_CONFIG = "endpoints";
    public static final String ENDPOINT_PREFIX = "endpoints.";
    /** The name of the one endpoint when {@code endpoints} is empty. */
    public static final String DEFAULT_ENDPOINT = "default";

    public static final String TOPIC_CONFIG = "topic";
    public static final String URL_CONFIG = "http.url";
    public static final String METHOD_CONFIG = "http.method";
    public static final String HEADERS_CONFIG = "http.headers";
    /** Prefix of single-header keys, {@code http.header.Accept=application/json, text/plain}: values may hold commas. */
    public static final String HEADER_PREFIX = "http.header.";
    public static final String PARAMS_CONFIG = "http.params";
    public static final String BODY_CONFIG = "http.body";
    public static final String POLL_INTERVAL_CONFIG = "poll.interval.ms";
    public static final String BATCH_MAX_RECORDS_CONFIG = "batch.max.records";
    public static final int BATCH_MAX_RECORDS_DEFAULT = 10_000;

    public static final String PAGINATION_CONFIG = "pagination.type";
    public static final String CURSOR_POINTER_CONFIG = "pagination.cursor.pointer";
    public static final String PAGINATION_PARAM_CONFIG = "pagination.param";
    public static final String PAGE_START_CONFIG = "pagination.start";
    public static final String LIMIT_PARAM_CONFIG = "pagination.limit.param";
    public static final String LIMIT_CONFIG = "pagination.limit";

    public static final String INCREMENTAL_POINTER_CONFIG = "incremental.pointer";
    public static final String INCREMENTAL_INITIAL_CONFIG = "incremental.initial";
    public static final String INCREMENTAL_ID_POINTER_CONFIG = "incremental.id.pointer";

    public static final String RESPONSE_FORMAT_CONFIG = "response.format";
    public static final String RECORDS_POINTER_CONFIG = "response.records.pointer";
    public static final String KEY_POINTER_CONFIG = "record.key.pointer";
    public static final String TIMESTAMP_POINTER_CONFIG = "record.timestamp.pointer";
    public static final String OUTPUT_CONFIG = "output";
    public static final String SCHEMA_CONFIG = "output.schema";
    public static final String SCHEMA_NAME_CONFIG = "output.schema.name";
    public static final String SCHEMA_REGISTRY_URL_CONFIG = InferredSchemaRegistry.URL_CONFIG;
    public static final String SCHEMA_SUBJECT_CONFIG = InferredSchemaRegistry.SUBJECT_CONFIG;

    public static final String DLQ_TOPIC_CONFIG = "dlq.topic";
    public static final String DLQ_MAX_VALUE_BYTES_CONFIG = "dlq.max.value.bytes";

    /** Set by the connector for each task: the endpoints it polls. */
    public static final String TASK_ENDPOINTS_CONFIG = "tributary.task.endpoints";

    public static final ConfigDef CONFIG_DEF = define();

    private HttpSourceConfig() {
    }

    private static ConfigDef define() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        b.group("Endpoints")
                .key(ENDPOINTS_CONFIG).type(Type.LIST).defaultValue("").importance(Importance.HIGH)
                .doc("Names of the endpoints this connector polls, spread over its tasks. Each endpoint takes any "
                        + "key below from 'endpoints.<name>.<key>' when set, else from the key itself. Empty means one "
                        + "endpoint, named 'default', made of the keys themselves.").display("Endpoints").add()
                .key(TOPIC_CONFIG).required().validator(Validators.nonEmpty()).importance(Importance.HIGH)
                .doc("Topic the records are written to.").display("Topic").add()
                .key(URL_CONFIG).required().importance(Importance.HIGH).width(Width.LONG)
                .doc("URL to poll. May hold '${offset.cursor}' (the pagination cursor; empty on a first page) and "
                        + "'${offset.timestamp}' (the incremental watermark: the highest incremental.pointer value "
                        + "seen, or incremental.initial).").display("URL").add()
                .key(METHOD_CONFIG).defaultValue("get").validator(Validators.oneOf(Method.class))
                .doc("HTTP method: 'get', or 'post' with http.body.").display("Method").add()
                .key(HEADERS_CONFIG).type(Type.LIST).defaultValue("")
                .doc("Request headers as 'Name: value' items, templated like the URL. A value with a comma goes in "
                        + "its own key 'http.header.<Name>'.").display("Headers").add()
                .key(PARAMS_CONFIG).type(Type.LIST).defaultValue("")
                .doc("Query parameters as 'name=value' items, templated like the URL and URL-encoded, e.g. "
                        + "'since=${offset.timestamp}'.").display("Query parameters").add()
                .key(BODY_CONFIG).defaultValue("").width(Width.LONG)
                .doc("Request body for 'post', templated like the URL; sent as application/json.").display("Body").add()
                .key(POLL_INTERVAL_CONFIG).type(Type.LONG).defaultValue(60_000L).validator(Validators.atLeast(0))
                .importance(Importance.HIGH)
                .doc("How long an endpoint rests once it has no further page. Pages of one pass follow each other "
                        + "at once.").display("Poll interval (ms)").add()
                .key(BATCH_MAX_RECORDS_CONFIG).type(Type.INT).defaultValue(BATCH_MAX_RECORDS_DEFAULT)
                .validator(Validators.atLeast(1))
                .doc("Most records a task hands to Connect at once (whole pages: a batch stops after the page that "
                        + "reaches it). Under exactly-once each batch is one transaction, so larger batches mean "
                        + "fewer commits. Per task, not per endpoint.").display("Records per batch").add();
        b.group("Pagination")
                .key(PAGINATION_CONFIG).defaultValue("none").validator(Validators.oneOf(PaginationType.class))
                .importance(Importance.HIGH)
                .doc("How the next page is found: 'none' (one request per pass); 'cursor' (from the response at "
                        + "pagination.cursor.pointer, sent as pagination.param or through '${offset.cursor}'); 'link' "
                        + "(the URL of the Link header's rel=\"next\"); 'page' (page numbers from pagination.start); "
                        + "'offset' (record offsets from pagination.start, stepping by the records received). With "
                        + "'page' and 'offset', a page with fewer records than pagination.limit (or none) is the last.")
                .display("Pagination").add()
                .key(CURSOR_POINTER_CONFIG).defaultValue("")
                .doc("JSON pointer to the next page's cursor in a response, e.g. '/meta/next_cursor'. A missing, "
                        + "null or empty cursor ends the pass.").display("Cursor pointer").add()
                .key(PAGINATION_PARAM_CONFIG).defaultValue("")
                .doc("Query parameter carrying the cursor, page number or offset. Empty: 'page' for page, 'offset' "
                        + "for offset; for cursor, the cursor goes only where '${offset.cursor}' is written.")
                .display("Pagination parameter").add()
                .key(PAGE_START_CONFIG).type(Type.LONG).defaultValue(-1L)
                .doc("First page number (page) or offset (offset). -1 means 1 for page, 0 for offset.")
                .display("First page").add()
                .key(LIMIT_PARAM_CONFIG).defaultValue("")
                .doc("Query parameter carrying pagination.limit, e.g. 'per_page' or 'limit'. Empty sends none.")
                .display("Limit parameter").add()
                .key(LIMIT_CONFIG).type(Type.INT).defaultValue(0).validator(Validators.atLeast(0))
                .doc("Page size asked for; with 'page' and 'offset', a shorter page is the last one. 0: only an "
                        + "empty page ends a pass.").display("Page size").add();
        b.group("Incremental polling")
                .key(INCREMENTAL_POINTER_CONFIG).defaultValue("").importance(Importance.HIGH)
                .doc("JSON pointer, within a record, to a value that grows with new records (an update time or an "
                        + "id), e.g. '/updated_at'. The highest value seen is the watermark '${offset.timestamp}' of "
                        + "the next pass; records below it, and records at it already sent, are dropped, so an "
                        + "API answering 'since' inclusively sends nothing twice. Numbers compare as numbers, other "
                        + "values as text (use one timestamp format). Empty: no incremental polling.")
                .display("Incremental field").add()
                .key(INCREMENTAL_INITIAL_CONFIG).defaultValue("")
                .doc("Watermark of the very first pass, e.g. '1970-01-01T00:00:00Z' or '0'.")
                .display("Initial watermark").add()
                .key(INCREMENTAL_ID_POINTER_CONFIG).defaultValue("")
                .doc("JSON pointer to a record's id, telling records with the same incremental value apart. Empty "
                        + "means the whole record text.").display("Record id").add();
        b.group("Response")
                .key(RESPONSE_FORMAT_CONFIG).defaultValue("json").validator(Validators.oneOf(ResponseFormat.class))
                .doc("'json' (one document) or 'ndjson' (one JSON value per line).").display("Response format").add()
                .key(RECORDS_POINTER_CONFIG).defaultValue("")
                .doc("JSON pointer to the array of records in a 'json' response, e.g. '/data'. Empty: the response "
                        + "itself, each element when it is an array, else the one object.").display("Records").add()
                .key(KEY_POINTER_CONFIG).defaultValue("")
                .doc("JSON pointer, within a record, to the record key (as a string), e.g. '/id'. Empty: no key.")
                .display("Key").add()
                .key(TIMESTAMP_POINTER_CONFIG).defaultValue("")
                .doc("JSON pointer, within a record, to its time: a number of epoch milliseconds or an RFC 3339 "
                        + "text. Empty: the time it is written to Kafka.").display("Timestamp").add()
                .key(OUTPUT_CONFIG).defaultValue("struct").validator(Validators.oneOf(Output.class))
                .importance(Importance.HIGH)
                .doc("Record values as 'struct's with a schema (declared in output.schema, or inferred and kept "
                        + "stable), schemaless 'map's, or the record's JSON text as a 'string'.").display("Output").add()
                .key(SCHEMA_CONFIG).defaultValue("").width(Width.LONG)
                .doc("Declared schema for struct output, compact ('id:int64, user:string, amount:decimal(2)') or in "
                        + "JsonConverter's JSON schema form; records are converted to it, and one that does not fit "
                        + "goes to the dead-letter topic. Empty: inferred from the first page and kept; a later page "
                        + "that fits reuses it, one with new fields or wider numbers widens it compatibly (new fields "
                        + "optional, integers to wider integers or float64), and a record that would need an "
                        + "incompatible change goes to the dead-letter topic.").display("Schema").add()
                .key(SCHEMA_NAME_CONFIG).defaultValue("io.tributary.http.Record")
                .doc("Name of the struct schema.").display("Schema name").add();
        InferredSchemaRegistry.define(b, "page");
        b.group("Errors")
                .key(DLQ_TOPIC_CONFIG).defaultValue("")
                .doc("Topic for responses and records that cannot be read (not JSON, no records array, a value not "
                        + "fitting the schema), with headers naming the endpoint, URL, status and error. Empty "
                        + "means '<topic>-dlq'.").display("Dead-letter topic").add()
                .key(DLQ_MAX_VALUE_BYTES_CONFIG).type(Type.INT).defaultValue(1_000_000).validator(Validators.atLeast(0))
                .doc("Most bytes of a bad response kept as the dead letter's value.").display("Dead letter size").add();
        HttpClientConfig.define(b);
        return b.build();
    }

    /** The endpoint names of a connector config: the listed ones, or the one default endpoint. */
    public static List<String> endpointNames(Map<String, String> props) {
        String listed = props.getOrDefault(ENDPOINTS_CONFIG, "");
        List<String> names = new ArrayList<>();
        for (String name : listed.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names.isEmpty() ? List.of(DEFAULT_ENDPOINT) : names;
    }

    /** The keys of one endpoint: {@code endpoints.<name>.<key>} over the top-level key. */
    public static Map<String, String> endpointProps(Map<String, String> props, String name) {
        Map<String, String> resolved = new HashMap<>(props);
        String prefix = ENDPOINT_PREFIX + name + ".";
        for (Map.Entry<String, String> e : props.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                resolved.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return resolved;
    }

    /** Whether an endpoint can resume where it was: it paginates, or polls incrementally. Reads only those keys. */
    public static boolean resumable(Map<String, String> props, String name) {
        Map<String, String> endpoint = endpointProps(props, name);
        String pagination = endpoint.getOrDefault(PAGINATION_CONFIG, "none").trim();
        String incremental = endpoint.getOrDefault(INCREMENTAL_POINTER_CONFIG, "").trim();
        return !pagination.equalsIgnoreCase("none") || !incremental.isEmpty();
    }

    /** One endpoint's parsed keys. */
    public static AbstractConfig endpoint(Map<String, String> props, String name) {
        return new AbstractConfig(CONFIG_DEF, endpointProps(props, name));
    }
}
