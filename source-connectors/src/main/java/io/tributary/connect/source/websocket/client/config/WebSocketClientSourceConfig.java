package io.tributary.connect.source.websocket.client.config;

import com.fasterxml.jackson.core.JsonPointer;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.KeyAliases;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.connector.TaskIndex;
import io.tributary.connect.common.http.HttpClientConfig;
import io.tributary.connect.source.websocket.client.connection.ConnectionSettings;
import io.tributary.connect.source.push.schema.StructOutput;
import io.tributary.connect.source.websocket.client.convert.ConversionSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configuration of the WebSocket client source: the feeds to connect to, how to stay connected, how messages become
 * records. Cross-key rules live in {@link WebSocketClientSourceValidation}. The TLS keys have the names of common's
 * {@link HttpClientConfig} keys and are handed to it to build the JDK client, so TLS is set up one way everywhere.
 */
public final class WebSocketClientSourceConfig extends AbstractConfig {

    public enum MessageFormat { JSON, NDJSON, TEXT }
    public enum OutputFormat { STRING, MAP, STRUCT }

    public static final String URLS_CONFIG = "websocket.urls";
    private static final String URLS_DOC = "The feeds to connect to, as ws:// or wss:// URLs. Each URL is one "
            + "connection, and the URLs are dealt to the tasks (tasks.max up to the number of URLs).";
    public static final String TOPIC_CONFIG = "topic";
    private static final String TOPIC_DOC = "Topic the records are written to.";
    public static final String HEADERS_CONFIG = "websocket.headers";
    private static final String HEADERS_DOC = "Headers of the opening handshake as 'Name: value' items, e.g. "
            + "'X-Client: tributary'. The handshake's own headers (Connection, Upgrade, Host, Sec-WebSocket-*) are "
            + "the client's and cannot be set.";
    public static final String BEARER_TOKEN_CONFIG = HttpClientConfig.BEARER_TOKEN_CONFIG;
    private static final String BEARER_TOKEN_DOC = "Token sent as 'Authorization: Bearer <token>' in the opening "
            + "handshake. Empty sends none. Put it in a config provider ('${file:...}').";
    public static final String SUBPROTOCOLS_CONFIG = "websocket.subprotocols";
    private static final String SUBPROTOCOLS_DOC = "Subprotocols offered in the handshake (Sec-WebSocket-Protocol), "
            + "most preferred first. Empty offers none.";
    public static final String SUBSCRIBE_CONFIG = "websocket.subscribe.messages";
    private static final String SUBSCRIBE_DOC = "Messages sent, in order, as text frames right after every connect "
            + "and reconnect, e.g. to subscribe to channels: a JSON array, one element per message. A JSON string is "
            + "sent as its text, any other value (an object) as its JSON, e.g. "
            + "'[{\"op\":\"subscribe\",\"channel\":\"trades\"}]'. Empty sends nothing.";
    public static final String CONNECT_TIMEOUT_CONFIG = "websocket.connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_DOC = "How long the TCP connect, TLS and opening handshake may take "
            + "together. A timeout counts as a failed attempt: the next one follows after the backoff.";

    public static final String HEARTBEAT_INTERVAL_CONFIG = "heartbeat.interval.ms";
    private static final String HEARTBEAT_INTERVAL_DOC = "How often a Ping is sent on each connection. 0 sends "
            + "none (a dead peer is then noticed only when TCP notices).";
    public static final String HEARTBEAT_TIMEOUT_CONFIG = "heartbeat.timeout.ms";
    private static final String HEARTBEAT_TIMEOUT_DOC = "How long a Ping may go without a Pong. Longer, the "
            + "connection counts as dead: it is dropped and opened again. While the task's queue is full the clock "
            + "stops (the client reads nothing then, Pongs included).";
    public static final String BACKOFF_INITIAL_CONFIG = "reconnect.backoff.initial.ms";
    private static final String BACKOFF_INITIAL_DOC = "Longest wait before the first reconnect attempt. Each failed "
            + "attempt doubles it, up to reconnect.backoff.max.ms; the wait is drawn at random below that bound "
            + "(full jitter), so many tasks do not reconnect in step. Back to this after a message arrives, or "
            + "after a connection has stayed open for reconnect.backoff.max.ms.";
    public static final String BACKOFF_MAX_CONFIG = "reconnect.backoff.max.ms";
    private static final String BACKOFF_MAX_DOC = "Longest bound of the reconnect wait.";

    public static final String MESSAGE_FORMAT_CONFIG = "websocket.message.format";
    private static final String MESSAGE_FORMAT_DOC = "What a text message holds: 'json' (one JSON event, or a JSON "
            + "array of events), 'ndjson' (one JSON event per line), 'text' (one event, its text as it is, not "
            + "parsed).";
    public static final String MESSAGE_MAX_BYTES_CONFIG = "websocket.message.max.bytes";
    private static final String MESSAGE_MAX_BYTES_DOC = "Longest text message accepted (UTF-8 bytes, its fragments "
            + "together). A longer one goes to the dead-letter topic, cut to dlq.max.value.bytes.";
    public static final String OUTPUT_CONFIG = "output";
    private static final String OUTPUT_DOC = "Record values as 'string' (the event's JSON text, STRING "
            + "schema), 'map' (schemaless maps, lists and primitives, for JsonConverter with schemas.enable=false) or "
            + "'struct' (a Struct of one schema, declared or from a schema registry: see the Struct output keys; for "
            + "registry converters such as Avro). An event that does not fit the schema goes to the dead-letter "
            + "topic naming the field.";
    public static final String KEY_POINTER_CONFIG = "record.key.pointer";
    private static final String KEY_POINTER_DOC = "JSON pointer, within an event, to the record key (as a string), "
            + "e.g. '/id'. Empty, or missing in an event: no key.";
    public static final String TIMESTAMP_POINTER_CONFIG = "record.timestamp.pointer";
    private static final String TIMESTAMP_POINTER_DOC = "JSON pointer, within an event, to its time: epoch "
            + "milliseconds or RFC 3339 text. Empty, or missing in an event: the time the message was received. A "
            + "value that is neither sends the event to the dead-letter topic.";
    public static final String BATCH_MAX_RECORDS_CONFIG = "batch.max.records";
    private static final String BATCH_MAX_RECORDS_DOC = "A poll stops taking messages from the queue once it holds "
            + "this many records (the events of one message always go together).";

    public static final String QUEUE_MAX_MESSAGES_CONFIG = "queue.max.messages";
    private static final String QUEUE_MAX_MESSAGES_DOC = "Most received messages a task holds before Connect takes "
            + "them. At the limit the task asks its connections for nothing more: the feeds are held back by TCP "
            + "flow control instead of memory growing.";
    public static final String QUEUE_MAX_BYTES_CONFIG = "queue.max.bytes";
    private static final String QUEUE_MAX_BYTES_DOC = "Most bytes of received messages a task holds, as "
            + "queue.max.messages. A task's messages stay below this plus, per connection, one past the bound and "
            + "one being received.";

    public static final String DLQ_TOPIC_CONFIG = "dlq.topic";
    private static final String DLQ_TOPIC_DOC = "Topic for messages that cannot be read (not JSON, binary, too "
            + "long, invalid UTF-8), with headers naming the URL and the error. Empty means '<topic>-dlq'.";
    public static final String DLQ_MAX_VALUE_BYTES_CONFIG = "dlq.max.value.bytes";
    private static final String DLQ_MAX_VALUE_BYTES_DOC = "Most bytes of a bad message kept as the dead letter's "
            + "value; a longer one is cut and marked.";

    public static final String TRUSTSTORE_PATH_CONFIG = HttpClientConfig.TRUSTSTORE_PATH_CONFIG;
    public static final String TRUSTSTORE_PASSWORD_CONFIG = HttpClientConfig.TRUSTSTORE_PASSWORD_CONFIG;
    public static final String KEYSTORE_PATH_CONFIG = HttpClientConfig.KEYSTORE_PATH_CONFIG;
    public static final String KEYSTORE_PASSWORD_CONFIG = HttpClientConfig.KEYSTORE_PASSWORD_CONFIG;
    public static final String STORE_TYPE_CONFIG = HttpClientConfig.STORE_TYPE_CONFIG;

    /** Set by the connector for each task: the URLs it connects to. */
    public static final String TASK_URLS_CONFIG = "tributary.task.urls";
    public static final String TASK_INDEX_CONFIG = TaskIndex.CONFIG;

    /** {@code output} was {@code output.format} before every source named its record values so (issue 13). */
    public static final KeyAliases ALIASES = KeyAliases.deprecated("output.format", OUTPUT_CONFIG);

    public static final ConfigDef CONFIG_DEF = define();

    /** Common's HTTP client keys, only to build the JDK client (timeout, TLS) through {@link HttpClientConfig}. */
    private static final ConfigDef HTTP_CLIENT_DEF = httpClientDef();

    public WebSocketClientSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, ALIASES.apply(props));
    }

    private static ConfigDef define() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        b.group("Connection")
                .key(URLS_CONFIG).type(Type.LIST).required().validator(KeyValidators.urls()).importance(Importance.HIGH)
                .width(Width.LONG).doc(URLS_DOC).display("URLs").add()
                .key(TOPIC_CONFIG).required().validator(Validators.nonEmpty()).importance(Importance.HIGH)
                .doc(TOPIC_DOC).display("Topic").add()
                .key(HEADERS_CONFIG).type(Type.LIST).defaultValue("").validator(KeyValidators.headers())
                .doc(HEADERS_DOC).display("Handshake headers").width(Width.LONG).add()
                .key(BEARER_TOKEN_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc(BEARER_TOKEN_DOC).display("Bearer token").add()
                .key(SUBPROTOCOLS_CONFIG).type(Type.LIST).defaultValue("").importance(Importance.LOW)
                .doc(SUBPROTOCOLS_DOC).display("Subprotocols").add()
                .key(SUBSCRIBE_CONFIG).defaultValue("").validator(KeyValidators.subscribeMessages())
                .importance(Importance.HIGH).width(Width.LONG).doc(SUBSCRIBE_DOC).display("Subscribe messages").add()
                .key(CONNECT_TIMEOUT_CONFIG).type(Type.LONG).defaultValue(10_000L)
                .validator(Validators.between(1, 600_000)).importance(Importance.LOW)
                .doc(CONNECT_TIMEOUT_DOC).display("Connect timeout (ms)").add();
        b.group("Heartbeat and reconnect")
                .key(HEARTBEAT_INTERVAL_CONFIG).type(Type.LONG).defaultValue(30_000L)
                .validator(Validators.between(0, 3_600_000))
                .doc(HEARTBEAT_INTERVAL_DOC).display("Ping interval (ms)").add()
                .key(HEARTBEAT_TIMEOUT_CONFIG).type(Type.LONG).defaultValue(10_000L)
                .validator(Validators.between(1, 3_600_000))
                .doc(HEARTBEAT_TIMEOUT_DOC).display("Pong timeout (ms)").add()
                .key(BACKOFF_INITIAL_CONFIG).type(Type.LONG).defaultValue(500L)
                .validator(Validators.between(0, 3_600_000))
                .doc(BACKOFF_INITIAL_DOC).display("Initial reconnect backoff (ms)").add()
                .key(BACKOFF_MAX_CONFIG).type(Type.LONG).defaultValue(60_000L)
                .validator(Validators.between(0, 3_600_000))
                .doc(BACKOFF_MAX_DOC).display("Longest reconnect backoff (ms)").add();
        b.group("Messages")
                .key(MESSAGE_FORMAT_CONFIG).defaultValue("json").validator(Validators.oneOf(MessageFormat.class))
                .importance(Importance.HIGH).doc(MESSAGE_FORMAT_DOC).display("Message format").add()
                .key(MESSAGE_MAX_BYTES_CONFIG).type(Type.INT).defaultValue(1_048_576)
                .validator(Validators.between(1, 256 * 1024 * 1024)).importance(Importance.LOW)
                .doc(MESSAGE_MAX_BYTES_DOC).display("Longest message (bytes)").add()
                .key(OUTPUT_CONFIG).defaultValue("string").validator(Validators.oneOf(OutputFormat.class))
                .importance(Importance.HIGH).doc(OUTPUT_DOC).display("Output").aliases(ALIASES).add()
                .key(KEY_POINTER_CONFIG).defaultValue("").validator(KeyValidators.jsonPointer())
                .doc(KEY_POINTER_DOC).display("Key").add()
                .key(TIMESTAMP_POINTER_CONFIG).defaultValue("").validator(KeyValidators.jsonPointer())
                .doc(TIMESTAMP_POINTER_DOC).display("Timestamp").add()
                .key(BATCH_MAX_RECORDS_CONFIG).type(Type.INT).defaultValue(10_000)
                .validator(Validators.between(1, 1_000_000)).importance(Importance.LOW)
                .doc(BATCH_MAX_RECORDS_DOC).display("Records per poll").add();
        StructOutput.define(b, OUTPUT_CONFIG);
        b.group("Buffer")
                .key(QUEUE_MAX_MESSAGES_CONFIG).type(Type.INT).defaultValue(10_000)
                .validator(Validators.between(1, 10_000_000))
                .doc(QUEUE_MAX_MESSAGES_DOC).display("Queued messages").add()
                .key(QUEUE_MAX_BYTES_CONFIG).type(Type.LONG).defaultValue(64L * 1024 * 1024)
                .validator(Validators.atLeast(1)).doc(QUEUE_MAX_BYTES_DOC).display("Queued bytes").add();
        b.group("Dead letters")
                .key(DLQ_TOPIC_CONFIG).defaultValue("").importance(Importance.HIGH)
                .doc(DLQ_TOPIC_DOC).display("Dead-letter topic").add()
                .key(DLQ_MAX_VALUE_BYTES_CONFIG).type(Type.INT).defaultValue(65_536)
                .validator(Validators.between(0, 16 * 1024 * 1024)).importance(Importance.LOW)
                .doc(DLQ_MAX_VALUE_BYTES_DOC).display("Dead-letter value limit (bytes)").add();
        b.group("TLS");
        HttpClientConfig.defineTls(b, "wss");
        ConfigDef def = b.build();
        def.defineInternal(TASK_URLS_CONFIG, Type.LIST, "", Importance.LOW);
        def.defineInternal(TASK_INDEX_CONFIG, Type.INT, 0, Importance.LOW);
        return def;
    }

    private static ConfigDef httpClientDef() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        HttpClientConfig.define(b);
        return b.build();
    }

    // ---- typed accessors ----

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    public String dlqTopic() {
        String dlq = getString(DLQ_TOPIC_CONFIG);
        return dlq.isEmpty() ? topic() + "-dlq" : dlq;
    }

    public List<String> urls() {
        return getList(URLS_CONFIG);
    }

    /** The URLs of this task: those the connector gave it, or all of them. */
    public List<String> taskUrls() {
        List<String> mine = getList(TASK_URLS_CONFIG);
        return mine.isEmpty() ? urls() : mine;
    }

    public int taskId() {
        return getInt(TASK_INDEX_CONFIG);
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS_CONFIG);
    }

    public int queueMaxMessages() {
        return getInt(QUEUE_MAX_MESSAGES_CONFIG);
    }

    public long queueMaxBytes() {
        return getLong(QUEUE_MAX_BYTES_CONFIG);
    }

    public MessageFormat messageFormat() {
        return Validators.parseEnum(MessageFormat.class, getString(MESSAGE_FORMAT_CONFIG));
    }

    public OutputFormat outputFormat() {
        return Validators.parseEnum(OutputFormat.class, getString(OUTPUT_CONFIG));
    }

    /** The handshake headers, in order; the bearer token as an Authorization header when set. */
    public Map<String, String> handshakeHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String item : getList(HEADERS_CONFIG)) {
            int colon = item.indexOf(':');
            headers.put(item.substring(0, colon).trim(), item.substring(colon + 1).trim());
        }
        Password token = getPassword(BEARER_TOKEN_CONFIG);
        if (token != null && !token.value().isBlank()) {
            headers.put("Authorization", "Bearer " + token.value().trim());
        }
        return headers;
    }

    public ConnectionSettings connectionSettings() {
        return new ConnectionSettings(handshakeHeaders(), getList(SUBPROTOCOLS_CONFIG),
                KeyValidators.subscribeMessages(getString(SUBSCRIBE_CONFIG)),
                Duration.ofMillis(getLong(CONNECT_TIMEOUT_CONFIG)), getLong(HEARTBEAT_INTERVAL_CONFIG),
                getLong(HEARTBEAT_TIMEOUT_CONFIG), getLong(BACKOFF_INITIAL_CONFIG), getLong(BACKOFF_MAX_CONFIG),
                getInt(MESSAGE_MAX_BYTES_CONFIG), getInt(DLQ_MAX_VALUE_BYTES_CONFIG));
    }

    /**
     * How messages become records; for output 'struct' with the events' schema, fetched from the registry here when
     * it comes from one (a task's start).
     *
     * @throws org.apache.kafka.connect.errors.ConnectException when the registry cannot give the schema
     */
    public ConversionSettings conversionSettings(String connector) {
        return new ConversionSettings(topic(), dlqTopic(), getInt(DLQ_MAX_VALUE_BYTES_CONFIG), messageFormat(),
                outputFormat(), pointer(KEY_POINTER_CONFIG), pointer(TIMESTAMP_POINTER_CONFIG), connector, taskId(),
                outputFormat() == OutputFormat.STRUCT ? StructOutput.load(this, connector) : null);
    }

    private JsonPointer pointer(String key) {
        String text = getString(key);
        return text.isEmpty() ? null : JsonPointer.compile(text);
    }

    /**
     * The JDK client of a task, shared by its connections: built by common's {@link HttpClientConfig} from the
     * connect timeout and the TLS keys, so trust and key stores are read the way every Tributary connector reads
     * them. (The client prefers HTTP/2 for requests; a WebSocket handshake is always HTTP/1.1.)
     */
    public HttpClient httpClient() {
        Map<String, Object> client = new HashMap<>();
        client.put(HttpClientConfig.CONNECT_TIMEOUT_CONFIG, getLong(CONNECT_TIMEOUT_CONFIG));
        for (String key : List.of(TRUSTSTORE_PATH_CONFIG, KEYSTORE_PATH_CONFIG, STORE_TYPE_CONFIG)) {
            client.put(key, getString(key));
        }
        for (String key : List.of(TRUSTSTORE_PASSWORD_CONFIG, KEYSTORE_PASSWORD_CONFIG)) {
            Password password = getPassword(key);
            if (password != null) {
                client.put(key, password);
            }
        }
        return HttpClientConfig.client(new AbstractConfig(HTTP_CLIENT_DEF, client, false));
    }
}
