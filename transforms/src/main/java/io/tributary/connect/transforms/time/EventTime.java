package io.tributary.connect.transforms.time;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.PathEditor;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.transforms.base.DeadLetterRoute;
import io.tributary.connect.transforms.base.FieldPaths;
import io.tributary.connect.transforms.base.RecordSide;
import io.tributary.connect.transforms.base.TributaryTransform;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sets the record timestamp from a field of the record (event time), and optionally adds ingestion metadata —
 * ingest time, source, pipeline id — as fields or headers. A missing or unreadable time is handled by policy: fail,
 * keep the ingestion time, or route the record to a dead-letter topic. Works on keys ({@code EventTime$Key}) and
 * values ({@code EventTime$Value}), Structs and maps.
 *
 * <p>Connect tells a transform neither its connector nor its task, so the source and pipeline id are configured.
 */
public abstract class EventTime<R extends ConnectRecord<R>> extends TributaryTransform<R> {

    public enum OnInvalid { FAIL, INGESTION_TIME, ROUTE }
    public enum MetadataMode { NONE, FIELDS, HEADERS }

    public static final String FIELD_CONFIG = "timestamp.field";
    public static final String FORMAT_CONFIG = "timestamp.format";
    public static final String PATTERN_CONFIG = "timestamp.pattern";
    public static final String ZONE_CONFIG = "timestamp.zone";
    public static final String ON_INVALID_CONFIG = "on.invalid";
    public static final String DLQ_TOPIC_CONFIG = "dlq.topic";
    public static final String METADATA_CONFIG = "metadata.mode";
    public static final String METADATA_FIELD_CONFIG = "metadata.field";
    public static final String METADATA_SOURCE_CONFIG = "metadata.source";
    public static final String METADATA_PIPELINE_CONFIG = "metadata.pipeline.id";

    public static final String HEADER_INGEST_TIME = ErrorHeaders.PREFIX + "ingest.time";
    public static final String HEADER_SOURCE = ErrorHeaders.PREFIX + "ingest.source";
    public static final String HEADER_PIPELINE = ErrorHeaders.PREFIX + "ingest.pipeline";

    public static final ConfigDef CONFIG_DEF = new ConfigDefBuilder(new ConfigDef())
            .group("Event time")
            .key(FIELD_CONFIG).defaultValue("").validator(FieldPaths.optionalPath()).importance(Importance.HIGH)
            .doc("Field path holding the event time (e.g. 'ts' or 'meta.event_time'). Empty: the timestamp is left as "
                    + "it is and only metadata is added.").display("Time field").add()
            .key(FORMAT_CONFIG).defaultValue("iso-8601").validator(Validators.oneOf(TimestampParser.Format.class))
            .importance(Importance.HIGH).doc("How the field holds the time: epoch-millis, epoch-seconds, "
                    + "epoch-micros, epoch-nanos (numbers or numeric text, fractions allowed), iso-8601 (with an offset, "
                    + "or without one in timestamp.zone), or pattern (timestamp.pattern). A Connect Timestamp field "
                    + "is read as it is.").display("Time format").add()
            .key(PATTERN_CONFIG).defaultValue("yyyy-MM-dd HH:mm:ss").validator(FieldPaths.timePattern())
            .importance(Importance.MEDIUM).doc("java.time pattern when timestamp.format is 'pattern'.")
            .display("Time pattern").add()
            .key(ZONE_CONFIG).defaultValue("UTC").validator(FieldPaths.zone()).importance(Importance.MEDIUM)
            .doc("Time zone of times that carry none.").display("Time zone").add()
            .key(ON_INVALID_CONFIG).defaultValue("fail").validator(Validators.oneOf(OnInvalid.class))
            .importance(Importance.HIGH).doc("When the time is missing or unreadable: 'fail' (a DataException, "
                    + "handled by the worker's errors.tolerance), 'ingestion-time' (keep the record's timestamp, add "
                    + "header tributary.event.time.invalid), or 'route' to dlq.topic.").display("On invalid time").add()
            .key(DLQ_TOPIC_CONFIG).defaultValue("${topic}-dlq").validator(FieldPaths.template())
            .importance(Importance.MEDIUM).doc("Dead-letter topic for on.invalid=route; ${topic} and field paths "
                    + "are filled in.").display("Dead-letter topic").add()
            .group("Ingestion metadata")
            .key(METADATA_CONFIG).defaultValue("none").validator(Validators.oneOf(MetadataMode.class))
            .importance(Importance.MEDIUM).doc("Add ingest time, source and pipeline id: 'none', 'fields' (under "
                    + "metadata.field) or 'headers' (tributary.ingest.time, tributary.ingest.source, "
                    + "tributary.ingest.pipeline).").display("Metadata").add()
            .key(METADATA_FIELD_CONFIG).defaultValue("_ingest").validator(FieldPaths.optionalPath())
            .importance(Importance.LOW).doc("Field (path) the metadata is written under with metadata.mode=fields: "
                    + "a struct or map with time (epoch ms), source and pipeline.").display("Metadata field").add()
            .key(METADATA_SOURCE_CONFIG).defaultValue("").importance(Importance.LOW)
            .doc("The source named in the metadata, e.g. the connector's name.").display("Source name").add()
            .key(METADATA_PIPELINE_CONFIG).defaultValue("").importance(Importance.LOW)
            .doc("The pipeline id named in the metadata.").display("Pipeline id").add()
            .build();

    private static final Schema METADATA_SCHEMA = SchemaBuilder.struct().name("io.tributary.IngestMetadata").optional()
            .field("time", Timestamp.SCHEMA).field("source", Schema.OPTIONAL_STRING_SCHEMA)
            .field("pipeline", Schema.OPTIONAL_STRING_SCHEMA).build();

    private final PathEditor editor = new PathEditor(64);
    private FieldPath field;
    private TimestampParser parser;
    private OnInvalid onInvalid;
    private DeadLetterRoute dlq;
    private MetadataMode metadata;
    private FieldPath metadataField;
    private String source;
    private String pipeline;

    protected EventTime(RecordSide side) {
        super(side);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        String path = config.getString(FIELD_CONFIG);
        field = path.isBlank() ? null : FieldPath.parse(path);
        parser = new TimestampParser(Validators.parseEnum(TimestampParser.Format.class, config.getString(FORMAT_CONFIG)),
                config.getString(PATTERN_CONFIG), ZoneId.of(config.getString(ZONE_CONFIG)));
        onInvalid = Validators.parseEnum(OnInvalid.class, config.getString(ON_INVALID_CONFIG));
        dlq = new DeadLetterRoute(config.getString(DLQ_TOPIC_CONFIG), getClass().getName());
        metadata = Validators.parseEnum(MetadataMode.class, config.getString(METADATA_CONFIG));
        String metaPath = config.getString(METADATA_FIELD_CONFIG);
        metadataField = metaPath.isBlank() ? FieldPath.parse("_ingest") : FieldPath.parse(metaPath);
        source = config.getString(METADATA_SOURCE_CONFIG);
        pipeline = config.getString(METADATA_PIPELINE_CONFIG);
    }

    @Override
    protected R transform(R record) {
        Object value = side.value(record);
        Long timestamp = record.timestamp();
        Headers headers = record.headers();
        if (field != null) {
            Object raw = field.get(value);
            String problem = null;
            if (raw == null) {
                problem = "field '" + field + "' is missing";
            } else {
                try {
                    timestamp = parser.millis(raw);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    problem = "field '" + field + "' " + (e.getMessage() == null ? "cannot be read" : e.getMessage());
                }
            }
            if (problem != null) {
                switch (onInvalid) {
                    case ROUTE:
                        metrics.routed.increment();
                        return dlq.route(record, "event-time", DataException.class.getName(), problem, null);
                    case INGESTION_TIME:
                        headers = headers.duplicate();
                        headers.addString("tributary.event.time.invalid", problem);
                        break;
                    case FAIL:
                    default:
                        throw new DataException("No event time: " + problem);
                }
            }
        }
        long ingest = System.currentTimeMillis();
        Schema schema = side.schema(record);
        PathEditor.Edits edits = null;
        if (metadata == MetadataMode.HEADERS) {
            headers = headers == record.headers() ? headers.duplicate() : headers;
            headers.addLong(HEADER_INGEST_TIME, ingest);
            if (!source.isEmpty()) {
                headers.addString(HEADER_SOURCE, source);
            }
            if (!pipeline.isEmpty()) {
                headers.addString(HEADER_PIPELINE, pipeline);
            }
        } else if (metadata == MetadataMode.FIELDS) {
            if (value instanceof Struct) {
                Struct meta = new Struct(METADATA_SCHEMA).put("time", new java.util.Date(ingest))
                        .put("source", source.isEmpty() ? null : source).put("pipeline", pipeline.isEmpty() ? null : pipeline);
                SchemaAndValue updated = editor.set(schema, (Struct) value, metadataField, METADATA_SCHEMA, meta);
                schema = updated.schema();
                value = updated.value();
            } else if (value instanceof Map) {
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("time", ingest);
                if (!source.isEmpty()) {
                    meta.put("source", source);
                }
                if (!pipeline.isEmpty()) {
                    meta.put("pipeline", pipeline);
                }
                edits = new PathEditor.Edits(value, record).set(metadataField, meta);
                value = edits.result();
            }
        }
        R keyed = side == RecordSide.KEY
                ? record.newRecord(record.topic(), record.kafkaPartition(), schema, value, record.valueSchema(),
                        record.value(), timestamp, headers)
                : record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema,
                        value, timestamp, headers);
        // The map an earlier Tributary transform handed to this record, if any, goes on to the next (PathEditor).
        if (edits != null) {
            return edits.handOff(keyed);
        }
        PathEditor.handOn(value, record, keyed);
        return keyed;
    }

    /** Event time from a field of the key. */
    public static final class Key<R extends ConnectRecord<R>> extends EventTime<R> {
        public Key() {
            super(RecordSide.KEY);
        }
    }

    /** Event time from a field of the value. */
    public static final class Value<R extends ConnectRecord<R>> extends EventTime<R> {
        public Value() {
            super(RecordSide.VALUE);
        }
    }
}
