package io.tributary.connect.sink.http.config;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.http.HttpClientConfig;
import io.tributary.connect.common.http.ResilientHttp;
import io.tributary.connect.sink.http.template.RecordJson;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Configuration of the HTTP sink connector: the request, batching, error handling; the client keys in {@link HttpClientConfig}. */
public final class HttpSinkConfig extends AbstractConfig {

    public enum Method { POST, PUT, PATCH }
    public enum BatchFormat { JSON_ARRAY, NDJSON, SINGLE }
    public enum RetryExhausted { DEAD_LETTER, PAUSE }

    public static final String URL_CONFIG = "http.url";
    private static final String URL_DOC = "URL each request goes to: an http or https URL, optionally a template "
            + "over the record, e.g. http://127.0.0.1:8080/users/{{key}}/events. Placeholders: {{topic}}, "
            + "{{partition}}, {{offset}}, {{timestamp}} (epoch ms), {{key}}, {{key.<path>}}, {{value}}, "
            + "{{value.<path>}}; in the URL their values are percent-encoded. Only records with the same URL (and "
            + "headers) share a request.";
    public static final String METHOD_CONFIG = "http.method";
    private static final String METHOD_DOC = "HTTP method of the requests: POST, PUT or PATCH.";
    public static final String HEADERS_CONFIG = "http.headers";
    private static final String HEADERS_DOC = "Extra request headers, a comma-separated list of 'Name: value' "
            + "(values cannot contain commas); values may be templates like the URL's and must render to printable "
            + "ASCII (a record whose value holds a line break or other characters is reported as errant). "
            + "Content-Type defaults to application/json (application/x-ndjson for ndjson) unless set here.";
    public static final String BODY_TEMPLATE_CONFIG = "http.body.template";
    public static final String RAW_BODY_CONFIG = "http.body.raw.enabled";
    private static final String RAW_BODY_DOC = "Send each record's value as it is in the topic, without converting it "
            + "to JSON: for topics that already hold JSON, with value.converter ByteArrayConverter or "
            + "StringConverter (the value is not checked to be JSON). The fastest path. Excludes http.body.template.";
    private static final String BODY_TEMPLATE_DOC = "Body of one record in the request. Empty sends the record "
            + "value as JSON. A template's placeholders are written as JSON (strings quoted), e.g. "
            + "{\"id\": {{value.user.id}}, \"event\": {{value}}, \"at\": {{timestamp}}}. With json-array or ndjson "
            + "it must render to one JSON value per record.";
    public static final String JSON_DECIMAL_FORMAT_CONFIG = "http.json.decimal.format";
    private static final String JSON_DECIMAL_FORMAT_DOC = "How Decimal values (Avro's decimal logical type through a "
            + "registry converter, Connect's Decimal) are written in the JSON body and in templates: 'number' (a JSON "
            + "number in plain notation, exact however many digits) or 'string' (that number as a JSON string, for "
            + "receivers that parse JSON numbers into doubles).";
    public static final String JSON_TIMESTAMP_FORMAT_CONFIG = "http.json.timestamp.format";
    private static final String JSON_TIMESTAMP_FORMAT_DOC = "How Timestamp, Date and Time values are written in the "
            + "JSON body and in templates: 'iso' (ISO-8601 strings in UTC: 2024-05-01T12:00:00.250Z, 2024-05-01, "
            + "12:00:00.250) or 'epoch-millis' (numbers: milliseconds since the epoch for a Timestamp, of its midnight "
            + "UTC for a Date, since midnight for a Time).";

    public static final String BATCH_FORMAT_CONFIG = "batch.format";
    private static final String BATCH_FORMAT_DOC = "How records make a request body: 'json-array' (a JSON array of "
            + "the records' bodies), 'ndjson' (one per line), 'single' (one record per request).";
    public static final String BATCH_MAX_RECORDS_CONFIG = "batch.max.records";
    private static final String BATCH_MAX_RECORDS_DOC = "Most records in one request.";
    public static final String BATCH_MAX_BYTES_CONFIG = "batch.max.bytes";
    private static final String BATCH_MAX_BYTES_DOC = "Most bytes of record bodies in one request (a single record "
            + "larger than this is sent alone).";
    public static final String BATCH_LINGER_CONFIG = "batch.linger.ms";
    private static final String BATCH_LINGER_DOC = "How long a partition's records may wait for more to fill a "
            + "request. Checked on every put and offset commit.";
    public static final String MAX_IN_FLIGHT_CONFIG = "max.in.flight";
    private static final String MAX_IN_FLIGHT_DOC = "Partitions sent to concurrently by one task. Within a "
            + "partition requests go one at a time, in offset order.";

    public static final String DEAD_LETTER_STATUSES_CONFIG = "dead.letter.statuses";
    private static final String DEAD_LETTER_STATUSES_DOC = "Statuses that say the record is at fault: the batch is "
            + "split and sent record by record, and records answered with one of these are reported to the "
            + "errant record reporter (the worker's dead-letter queue), their offsets counted as done.";
    public static final String FAIL_STATUSES_CONFIG = "fail.statuses";
    private static final String FAIL_STATUSES_DOC = "Statuses that say the connector is misconfigured (credentials, "
            + "URL): the task fails, naming the endpoint. A 401 with 'oauth2' first fetches a new token and tries "
            + "once more.";
    public static final String RETRY_EXHAUSTED_CONFIG = "retry.exhausted";
    private static final String RETRY_EXHAUSTED_DOC = "What happens when retry.max.attempts ran out (I/O errors, "
            + "retried statuses) or a status is in no list: 'dead-letter' splits the batch, sends record by record "
            + "and reports each that still fails; 'pause' throws a retriable error so Connect redelivers the records "
            + "after the longest backoff, keeping every record in order.";
    public static final String IDEMPOTENCY_HEADER_CONFIG = "idempotency.key.header";
    private static final String IDEMPOTENCY_HEADER_DOC = "Name of a header carrying "
            + "<topic>-<partition>-<first offset>-<last offset> of the records in the request, the same on every "
            + "retry of it. Empty sends none.";

    public static final String RESPONSE_TOPIC_CONFIG = "response.topic";
    private static final String RESPONSE_TOPIC_DOC = "Topic the task writes each final response to (status and "
            + "body, headers naming the request's topic, partition and offsets). Empty captures nothing.";
    public static final String RESPONSE_BOOTSTRAP_CONFIG = "response.bootstrap.servers";
    private static final String RESPONSE_BOOTSTRAP_DOC = "Kafka bootstrap servers of the response producer. "
            + "Further producer settings (security) can be given as response.producer.<setting>.";
    public static final String RESPONSE_PRODUCER_PREFIX = "response.producer.";

    public static final ConfigDef CONFIG_DEF = define();

    public HttpSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        b.group("Request")
                .key(URL_CONFIG).required().validator(Validators.nonEmpty()).importance(Importance.HIGH)
                .doc(URL_DOC).display("URL").width(Width.LONG).add()
                .key(METHOD_CONFIG).defaultValue("POST").validator(Validators.oneOf(Method.class))
                .importance(Importance.HIGH).doc(METHOD_DOC).display("Method").width(Width.SHORT).add()
                .key(HEADERS_CONFIG).type(Type.LIST).defaultValue("").importance(Importance.MEDIUM)
                .doc(HEADERS_DOC).display("Headers").width(Width.LONG).add()
                .key(BODY_TEMPLATE_CONFIG).defaultValue("").importance(Importance.MEDIUM)
                .doc(BODY_TEMPLATE_DOC).display("Body template").width(Width.LONG).add()
                .key(RAW_BODY_CONFIG).type(Type.BOOLEAN).defaultValue(false).importance(Importance.LOW)
                .doc(RAW_BODY_DOC).display("Values as they are").add()
                .key(JSON_DECIMAL_FORMAT_CONFIG).defaultValue("number")
                .validator(Validators.oneOf(RecordJson.DecimalFormat.class)).importance(Importance.LOW)
                .doc(JSON_DECIMAL_FORMAT_DOC).display("Decimals in JSON").add()
                .key(JSON_TIMESTAMP_FORMAT_CONFIG).defaultValue("iso")
                .validator(Validators.oneOf(RecordJson.TimestampFormat.class)).importance(Importance.LOW)
                .doc(JSON_TIMESTAMP_FORMAT_DOC).display("Times in JSON").add();
        b.group("Batching")
                .key(BATCH_FORMAT_CONFIG).defaultValue("json-array").validator(Validators.oneOf(BatchFormat.class))
                .importance(Importance.HIGH).doc(BATCH_FORMAT_DOC).display("Batch format").add()
                .key(BATCH_MAX_RECORDS_CONFIG).type(Type.INT).defaultValue(500).validator(Validators.atLeast(1))
                .importance(Importance.MEDIUM).doc(BATCH_MAX_RECORDS_DOC).display("Records per request").add()
                .key(BATCH_MAX_BYTES_CONFIG).type(Type.LONG).defaultValue(1024L * 1024).validator(Validators.atLeast(1))
                .importance(Importance.MEDIUM).doc(BATCH_MAX_BYTES_DOC).display("Bytes per request").add()
                .key(BATCH_LINGER_CONFIG).type(Type.LONG).defaultValue(200L).validator(Validators.atLeast(0))
                .importance(Importance.MEDIUM).doc(BATCH_LINGER_DOC).display("Linger (ms)").add()
                .key(MAX_IN_FLIGHT_CONFIG).type(Type.INT).defaultValue(4).validator(Validators.between(1, 64))
                .importance(Importance.MEDIUM).doc(MAX_IN_FLIGHT_DOC).display("Partitions in flight").add();
        b.group("Errors")
                .key(DEAD_LETTER_STATUSES_CONFIG).type(Type.LIST).defaultValue("400,409,413,415,422")
                .validator(HttpClientConfig.statusList()).importance(Importance.MEDIUM)
                .doc(DEAD_LETTER_STATUSES_DOC).display("Dead-letter statuses").add()
                .key(FAIL_STATUSES_CONFIG).type(Type.LIST).defaultValue("401,403,404")
                .validator(HttpClientConfig.statusList()).importance(Importance.MEDIUM)
                .doc(FAIL_STATUSES_DOC).display("Failing statuses").add()
                .key(RETRY_EXHAUSTED_CONFIG).defaultValue("dead-letter").validator(Validators.oneOf(RetryExhausted.class))
                .importance(Importance.MEDIUM).doc(RETRY_EXHAUSTED_DOC).display("When retries run out").add()
                .key(IDEMPOTENCY_HEADER_CONFIG).defaultValue("").importance(Importance.MEDIUM)
                .doc(IDEMPOTENCY_HEADER_DOC).display("Idempotency key header").add();
        HttpClientConfig.define(b);
        b.group("Response capture")
                .key(RESPONSE_TOPIC_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc(RESPONSE_TOPIC_DOC).display("Response topic").add()
                .key(RESPONSE_BOOTSTRAP_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc(RESPONSE_BOOTSTRAP_DOC).display("Response bootstrap servers").width(Width.LONG).add();
        return b.build();
    }

    public String urlTemplate() {
        return getString(URL_CONFIG);
    }

    public Method method() {
        return Validators.parseEnum(Method.class, getString(METHOD_CONFIG));
    }

    public List<String> headerTemplates() {
        return getList(HEADERS_CONFIG);
    }

    /** Empty when the record value is sent as JSON. */
    public boolean rawBody() {
        return getBoolean(RAW_BODY_CONFIG);
    }

    public String bodyTemplate() {
        return getString(BODY_TEMPLATE_CONFIG);
    }

    /** How the body and the templates write record data as JSON. */
    public RecordJson recordJson() {
        return new RecordJson(Validators.parseEnum(RecordJson.DecimalFormat.class, getString(JSON_DECIMAL_FORMAT_CONFIG)),
                Validators.parseEnum(RecordJson.TimestampFormat.class, getString(JSON_TIMESTAMP_FORMAT_CONFIG)));
    }

    public BatchFormat batchFormat() {
        return Validators.parseEnum(BatchFormat.class, getString(BATCH_FORMAT_CONFIG));
    }

    public int batchMaxRecords() {
        return batchFormat() == BatchFormat.SINGLE ? 1 : getInt(BATCH_MAX_RECORDS_CONFIG);
    }

    public long batchMaxBytes() {
        return getLong(BATCH_MAX_BYTES_CONFIG);
    }

    public long lingerMs() {
        return getLong(BATCH_LINGER_CONFIG);
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT_CONFIG);
    }

    public Set<Integer> deadLetterStatuses() {
        return HttpClientConfig.statuses(getList(DEAD_LETTER_STATUSES_CONFIG));
    }

    public Set<Integer> failStatuses() {
        return HttpClientConfig.statuses(getList(FAIL_STATUSES_CONFIG));
    }

    public RetryExhausted retryExhausted() {
        return Validators.parseEnum(RetryExhausted.class, getString(RETRY_EXHAUSTED_CONFIG));
    }

    /** Empty when no idempotency key is sent. */
    public String idempotencyHeader() {
        return getString(IDEMPOTENCY_HEADER_CONFIG).trim();
    }

    public String responseTopic() {
        return getString(RESPONSE_TOPIC_CONFIG).trim();
    }

    public Map<String, Object> responseProducerConfig() {
        Map<String, Object> props = new java.util.HashMap<>(originalsWithPrefix(RESPONSE_PRODUCER_PREFIX));
        props.put("bootstrap.servers", getString(RESPONSE_BOOTSTRAP_CONFIG));
        return props;
    }

    /** How long Connect waits before redelivering after the breaker opened. */
    public long breakerOpenMs() {
        return getLong(HttpClientConfig.BREAKER_OPEN_CONFIG);
    }

    /** How long Connect waits before redelivering after retries ran out with retry.exhausted=pause. */
    public long pauseMs() {
        return getLong(HttpClientConfig.RETRY_BACKOFF_MAX_CONFIG);
    }

    /** The endpoint's client: JDK HTTP client, credentials, retries, rate limit and circuit breaker. */
    public ResilientHttp http(String name) {
        return HttpClientConfig.build(this, name);
    }
}
