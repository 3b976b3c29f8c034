package io.tributary.connect.source.push.config;

import com.fasterxml.jackson.core.JsonPointer;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.connector.TaskIndex;
import io.tributary.connect.source.push.schema.StructOutput;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

import java.util.Map;

/**
 * The keys both push sources (HTTP listener, WebSocket server) share: where the server listens and with what TLS,
 * how records are acknowledged and bounded, how events become records, dead letters. Authentication keys come from
 * {@link io.tributary.connect.common.auth.ServerAuthConfig}.
 */
public class PushSourceConfig extends AbstractConfig {

    public enum AckMode { DURABLE, ACCEPTED }
    public enum Output { STRING, MAP, STRUCT }
    public enum ClientAuth { NONE, REQUESTED, REQUIRED }

    public static final String HOST_CONFIG = "listener.host";
    public static final String PORT_CONFIG = "listener.port";
    public static final String PORT_PER_TASK_CONFIG = "listener.port.per.task.enabled";
    public static final String IO_THREADS_CONFIG = "listener.io.threads";
    public static final String TLS_KEYSTORE_PATH_CONFIG = "listener.tls.keystore.path";
    public static final String TLS_KEYSTORE_PASSWORD_CONFIG = "listener.tls.keystore.password";
    public static final String TLS_TRUSTSTORE_PATH_CONFIG = "listener.tls.truststore.path";
    public static final String TLS_TRUSTSTORE_PASSWORD_CONFIG = "listener.tls.truststore.password";
    public static final String TLS_STORE_TYPE_CONFIG = "listener.tls.store.type";
    public static final String TLS_CLIENT_AUTH_CONFIG = "listener.tls.client.auth";

    public static final String TOPIC_CONFIG = "topic";
    public static final String ACK_MODE_CONFIG = "ack.mode";
    public static final String ACK_TIMEOUT_CONFIG = "ack.timeout.ms";
    public static final String QUEUE_MAX_RECORDS_CONFIG = "queue.max.records";
    public static final String QUEUE_MAX_BYTES_CONFIG = "queue.max.bytes";
    public static final String BACKPRESSURE_STATUS_CONFIG = "backpressure.status";
    public static final String RETRY_AFTER_CONFIG = "backpressure.retry.after.seconds";
    public static final String BATCH_MAX_RECORDS_CONFIG = "batch.max.records";
    public static final String BATCH_LINGER_CONFIG = "batch.linger.ms";

    public static final String EVENT_ID_POINTER_CONFIG = "event.id.pointer";
    public static final String KEY_POINTER_CONFIG = "record.key.pointer";
    public static final String TIMESTAMP_POINTER_CONFIG = "record.timestamp.pointer";
    public static final String OUTPUT_CONFIG = "output";
    public static final String PROVENANCE_HEADERS_CONFIG = "record.provenance.headers.enabled";
    public static final String EVENT_MAX_BYTES_CONFIG = "event.max.bytes";

    public static final String DLQ_TOPIC_CONFIG = "dlq.topic";
    public static final String DLQ_MAX_VALUE_BYTES_CONFIG = "dlq.max.value.bytes";

    /** Set by the connector on each task's config. */
    public static final String TASK_INDEX_CONFIG = TaskIndex.CONFIG;

    protected PushSourceConfig(ConfigDef def, Map<String, String> props) {
        super(def, props);
    }

    public static void define(ConfigDefBuilder b) {
        b.group("Server")
                .key(HOST_CONFIG).defaultValue("127.0.0.1").validator(Validators.nonEmpty()).importance(Importance.HIGH)
                .doc("Address the server binds. The default takes connections from this machine only; bind a "
                        + "reachable address (or 0.0.0.0) to take them from a load balancer or clients.")
                .display("Bind address").add()
                .key(PORT_CONFIG).type(Type.INT).defaultValue(8080).validator(Validators.between(0, 65535))
                .importance(Importance.HIGH)
                .doc("Port the server listens on. Tasks of this connector on one worker share it (requests are "
                        + "dealt to them in turn) unless " + PORT_PER_TASK_CONFIG + " is set. 0 picks a free port "
                        + "(tests).").display("Port").add()
                .key(PORT_PER_TASK_CONFIG).type(Type.BOOLEAN).defaultValue(false)
                .doc("Each task listens on port + its task index instead of sharing the port.")
                .display("Port per task").add()
                .key(IO_THREADS_CONFIG).type(Type.INT).defaultValue(2).validator(Validators.between(1, 64))
                .importance(Importance.LOW)
                .doc("Non-blocking I/O threads of the server (shared by the connectors on the same port).")
                .display("I/O threads").add()
                .key(TLS_KEYSTORE_PATH_CONFIG).defaultValue("").importance(Importance.MEDIUM)
                .doc("Key store with the server's certificate and key. Set, the server speaks HTTPS / WSS only.")
                .display("TLS key store").add()
                .key(TLS_KEYSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc("Password of the key store and its key.").display("TLS key store password").add()
                .key(TLS_TRUSTSTORE_PATH_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("Trust store with the certificates (or their CAs) of clients, for client certificates.")
                .display("TLS trust store").add()
                .key(TLS_TRUSTSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc("Password of the trust store.").display("TLS trust store password").add()
                .key(TLS_STORE_TYPE_CONFIG).defaultValue("PKCS12").validator(Validators.oneOf("PKCS12", "JKS"))
                .importance(Importance.LOW).doc("Type of the key and trust stores.").display("TLS store type").add()
                .key(TLS_CLIENT_AUTH_CONFIG).defaultValue("none").validator(Validators.oneOf(ClientAuth.class))
                .doc("Client certificates: 'none', 'requested' (checked when sent) or 'required'.")
                .display("TLS client certificates").add();
        b.group("Delivery")
                .key(TOPIC_CONFIG).validator(Validators.nonEmpty()).importance(Importance.HIGH)
                .doc("Topic the events are written to.").display("Topic").add()
                .key(ACK_MODE_CONFIG).defaultValue("durable").validator(Validators.oneOf(AckMode.class))
                .importance(Importance.HIGH)
                .doc("'durable': the client is answered after Kafka acknowledged every event of its request or "
                        + "frame, with each event's topic, partition and offset (at-least-once: what was "
                        + "acknowledged is in Kafka). 'accepted': answered as soon as the events are queued (202); "
                        + "a crash loses what was queued and not yet written.").display("Acknowledgement").add()
                .key(ACK_TIMEOUT_CONFIG).type(Type.LONG).defaultValue(30_000L).validator(Validators.atLeast(1))
                .doc("How long a client waits for Kafka's acknowledgement before it is answered 503 (send again; "
                        + "the event may have been written, the idempotency key lets the processor drop it).")
                .display("Acknowledgement timeout (ms)").add()
                .key(QUEUE_MAX_RECORDS_CONFIG).type(Type.INT).defaultValue(20_000).validator(Validators.atLeast(1))
                .doc("Events a task holds at most, from receipt until Kafka acknowledged them. When full, "
                        + "requests are refused with " + "backpressure.status and Retry-After, and WebSocket "
                        + "connections stop reading.").display("Queue bound (events)").add()
                .key(QUEUE_MAX_BYTES_CONFIG).type(Type.LONG).defaultValue(64L << 20).validator(Validators.atLeast(1024))
                .doc("Bytes of events a task holds at most, like " + QUEUE_MAX_RECORDS_CONFIG + ".")
                .display("Queue bound (bytes)").add()
                .key(BACKPRESSURE_STATUS_CONFIG).type(Type.INT).defaultValue(429)
                .validator(Validators.described("429 or 503", v -> v.equals(429) || v.equals(503) ? null
                        : "must be 429 or 503"))
                .doc("Status of a request refused because the queue is full: 429 (Too Many Requests) or 503.")
                .display("Backpressure status").add()
                .key(RETRY_AFTER_CONFIG).type(Type.INT).defaultValue(1).validator(Validators.atLeast(0))
                .doc("Retry-After (seconds) sent with refusals for a full queue.").display("Retry-After (s)").add()
                .key(BATCH_MAX_RECORDS_CONFIG).type(Type.INT).defaultValue(10_000).validator(Validators.atLeast(1))
                .importance(Importance.LOW).doc("Records handed to Connect per poll at most.")
                .display("Batch size").add()
                .key(BATCH_LINGER_CONFIG).type(Type.INT).defaultValue(5).validator(Validators.atLeast(0))
                .importance(Importance.LOW)
                .doc("Once an event is queued, how long a poll waits for more (up to " + BATCH_MAX_RECORDS_CONFIG
                        + ") before handing them to Connect. On a worker with exactly-once source support each "
                        + "poll is one transaction, and every client waits for its transaction to commit: "
                        + "waiting this long for the clients just answered to send again puts them into the next "
                        + "transaction instead of the one after it. 0: hand over what is queued at once (for "
                        + "workers without exactly-once source support, where each event is acknowledged on its "
                        + "own).").display("Batch linger (ms)").add();
        b.group("Events")
                .key(EVENT_ID_POINTER_CONFIG).defaultValue("").validator(pointer())
                .doc("JSON pointer to an event's id (e.g. /event_id). When present, it is the record's "
                        + "tributary.idempotency.key header (else the request's Idempotency-Key header, with the "
                        + "event's index for batches) and the id in WebSocket acks.").display("Event id").add()
                .key(KEY_POINTER_CONFIG).defaultValue("").validator(pointer())
                .doc("JSON pointer to the record key (as a string); empty means no key.").display("Key").add()
                .key(TIMESTAMP_POINTER_CONFIG).defaultValue("").validator(pointer())
                .doc("JSON pointer to the event time (epoch milliseconds or RFC 3339) used as the record "
                        + "timestamp; empty (or absent in an event) means the time of receipt.")
                .display("Timestamp").add()
                .key(OUTPUT_CONFIG).defaultValue("string").validator(Validators.oneOf(Output.class))
                .doc("Record value: 'string' (the event's JSON text, as sent; pair with StringConverter) or "
                        + "'map' (schemaless, for JsonConverter without schemas and map-based transforms) or "
                        + "'struct' (a Struct of one schema, declared or from a schema registry: see the Struct "
                        + "output keys; for registry converters such as Avro). An event that does not fit the "
                        + "schema is a dead letter, and its client is told which event and why.")
                .display("Output").add()
                .key(PROVENANCE_HEADERS_CONFIG).type(Type.BOOLEAN).defaultValue(true).importance(Importance.LOW)
                .doc("Add tributary.source.remote (client address) and tributary.source.principal (who "
                        + "authenticated) headers to every record.").display("Provenance headers").add()
                .key(EVENT_MAX_BYTES_CONFIG).type(Type.INT).defaultValue(1_000_000).validator(Validators.atLeast(1))
                .doc("Largest single event accepted; a larger one is a dead letter (kept truncated) rather than a "
                        + "record the producer would refuse (its max.request.size, 1 MiB by default, fails the task).")
                .display("Event size limit (bytes)").add();
        StructOutput.define(b, OUTPUT_CONFIG);
        b.group("Dead letters")
                .key(DLQ_TOPIC_CONFIG).defaultValue("").importance(Importance.HIGH)
                .doc("Topic for events that cannot be read (malformed JSON, not an object, bad frames, not "
                        + "fitting the schema of output 'struct'), with "
                        + "headers naming the connection, the client and the error; the client is told each "
                        + "event's fate. Empty: such events are refused to the client (and counted) only.")
                .display("Dead-letter topic").add()
                .key(DLQ_MAX_VALUE_BYTES_CONFIG).type(Type.INT).defaultValue(65_536).validator(Validators.atLeast(0))
                .importance(Importance.LOW)
                .doc("Dead letters keep at most this many bytes of the input (marked truncated).")
                .display("Dead-letter value bytes").add();
    }

    private static ConfigDef.Validator pointer() {
        return Validators.described("a JSON pointer such as /user/id, or empty", v -> {
            String s = (String) v;
            if (s == null || s.isEmpty()) {
                return null;
            }
            try {
                JsonPointer.compile(s);
                return null;
            } catch (IllegalArgumentException e) {
                return "not a JSON pointer: " + e.getMessage();
            }
        });
    }

    /** Cross-key rules of the shared keys. */
    public static void validate(CrossFieldValidation v) {
        if (v.valid(TLS_CLIENT_AUTH_CONFIG, TLS_KEYSTORE_PATH_CONFIG)
                && !"none".equals(v.string(TLS_CLIENT_AUTH_CONFIG)) && v.string(TLS_KEYSTORE_PATH_CONFIG).isEmpty()) {
            v.error("client certificates need TLS: set " + TLS_KEYSTORE_PATH_CONFIG, TLS_CLIENT_AUTH_CONFIG,
                    TLS_KEYSTORE_PATH_CONFIG);
        }
        if (v.valid(TLS_CLIENT_AUTH_CONFIG, TLS_TRUSTSTORE_PATH_CONFIG)
                && !"none".equals(v.string(TLS_CLIENT_AUTH_CONFIG)) && v.string(TLS_TRUSTSTORE_PATH_CONFIG).isEmpty()) {
            v.error("client certificates need a trust store to check them against", TLS_TRUSTSTORE_PATH_CONFIG);
        }
        if (v.valid(TOPIC_CONFIG, DLQ_TOPIC_CONFIG) && v.string(TOPIC_CONFIG).equals(v.string(DLQ_TOPIC_CONFIG))) {
            v.error("the dead-letter topic must differ from the topic", DLQ_TOPIC_CONFIG);
        }
        if (v.valid(OUTPUT_CONFIG)) {
            StructOutput.validate(v, OUTPUT_CONFIG,
                    Validators.parseEnum(Output.class, v.string(OUTPUT_CONFIG)) == Output.STRUCT);
        }
    }

    public String host() {
        return getString(HOST_CONFIG);
    }

    /** This task's port: the configured one, plus the task index when each task has its own. */
    public int port() {
        int port = getInt(PORT_CONFIG);
        return port != 0 && getBoolean(PORT_PER_TASK_CONFIG) ? port + taskIndex() : port;
    }

    public int ioThreads() {
        return getInt(IO_THREADS_CONFIG);
    }

    public String keystorePath() {
        return getString(TLS_KEYSTORE_PATH_CONFIG);
    }

    public String keystorePassword() {
        Password p = getPassword(TLS_KEYSTORE_PASSWORD_CONFIG);
        return p == null ? "" : p.value();
    }

    public String truststorePath() {
        return getString(TLS_TRUSTSTORE_PATH_CONFIG);
    }

    public String truststorePassword() {
        Password p = getPassword(TLS_TRUSTSTORE_PASSWORD_CONFIG);
        return p == null ? "" : p.value();
    }

    public String storeType() {
        return getString(TLS_STORE_TYPE_CONFIG);
    }

    public ClientAuth clientAuth() {
        return Validators.parseEnum(ClientAuth.class, getString(TLS_CLIENT_AUTH_CONFIG));
    }

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    public AckMode ackMode() {
        return Validators.parseEnum(AckMode.class, getString(ACK_MODE_CONFIG));
    }

    public long ackTimeoutMs() {
        return getLong(ACK_TIMEOUT_CONFIG);
    }

    public int queueMaxRecords() {
        return getInt(QUEUE_MAX_RECORDS_CONFIG);
    }

    public long queueMaxBytes() {
        return getLong(QUEUE_MAX_BYTES_CONFIG);
    }

    public int backpressureStatus() {
        return getInt(BACKPRESSURE_STATUS_CONFIG);
    }

    public int retryAfterSeconds() {
        return getInt(RETRY_AFTER_CONFIG);
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS_CONFIG);
    }

    public int batchLingerMs() {
        return getInt(BATCH_LINGER_CONFIG);
    }

    public JsonPointer eventIdPointer() {
        return pointerOf(EVENT_ID_POINTER_CONFIG);
    }

    public JsonPointer keyPointer() {
        return pointerOf(KEY_POINTER_CONFIG);
    }

    public JsonPointer timestampPointer() {
        return pointerOf(TIMESTAMP_POINTER_CONFIG);
    }

    private JsonPointer pointerOf(String key) {
        String s = getString(key);
        return s.isEmpty() ? null : JsonPointer.compile(s);
    }

    public Output output() {
        return Validators.parseEnum(Output.class, getString(OUTPUT_CONFIG));
    }

    public boolean provenanceHeaders() {
        return getBoolean(PROVENANCE_HEADERS_CONFIG);
    }

    public int eventMaxBytes() {
        return getInt(EVENT_MAX_BYTES_CONFIG);
    }

    public String dlqTopic() {
        return getString(DLQ_TOPIC_CONFIG);
    }

    public int dlqMaxValueBytes() {
        return getInt(DLQ_MAX_VALUE_BYTES_CONFIG);
    }

    public int taskIndex() {
        String s = originalsStrings().get(TASK_INDEX_CONFIG);
        return s == null ? 0 : Integer.parseInt(s);
    }

    public String connectorName() {
        return originalsStrings().getOrDefault("name", null);
    }
}
