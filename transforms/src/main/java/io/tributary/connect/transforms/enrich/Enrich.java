package io.tributary.connect.transforms.enrich;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.PathEditor;
import io.tributary.connect.common.data.SchemaSpec;
import io.tributary.connect.common.data.Template;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.transforms.base.DeadLetterRoute;
import io.tributary.connect.transforms.base.FieldPaths;
import io.tributary.connect.transforms.base.RecordSide;
import io.tributary.connect.transforms.base.TributaryTransform;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Enrichment shared by {@link EnrichFromRedis} and {@link EnrichFromFile}: a lookup key built from the record
 * ({@code user_profile:${user_id}}), a near cache, the result merged into a field (or a header) with field selection
 * and renaming, and policies for misses and failures: pass the record on unchanged, set defaults, fail, or route it
 * to a dead-letter topic.
 */
public abstract class Enrich<R extends ConnectRecord<R>> extends TributaryTransform<R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Enrich.class);

    public enum Policy { PASS, DEFAULTS, FAIL, ROUTE }

    public static final String KEY_TEMPLATE_CONFIG = "lookup.key.template";
    public static final String TARGET_FIELD_CONFIG = "target.field";
    public static final String TARGET_HEADER_CONFIG = "target.header";
    public static final String TARGET_SCHEMA_CONFIG = "target.schema";
    public static final String INCLUDE_CONFIG = "fields.include";
    public static final String RENAME_CONFIG = "fields.rename";
    public static final String CACHE_SIZE_CONFIG = "cache.max.entries";
    public static final String CACHE_TTL_CONFIG = "cache.ttl.ms";
    public static final String CACHE_NEGATIVE_TTL_CONFIG = "cache.negative.ttl.ms";
    public static final String ON_MISS_CONFIG = "on.miss";
    public static final String ON_ERROR_CONFIG = "on.error";
    public static final String RETRIES_CONFIG = "lookup.retries";
    public static final String RETRY_BACKOFF_CONFIG = "lookup.retry.backoff.ms";
    public static final String DEFAULTS_CONFIG = "defaults";
    public static final String DLQ_TOPIC_CONFIG = "dlq.topic";

    /** The keys every enrichment has; each variant adds those of its source. */
    protected static ConfigDefBuilder common(ConfigDefBuilder b) {
        return b.group("Lookup")
                .key(KEY_TEMPLATE_CONFIG).required().validator(FieldPaths.template()).importance(Importance.HIGH)
                .doc("The lookup key, with ${field.path} placeholders filled from the record, e.g. "
                        + "'user_profile:${user_id}'. A record lacking a placeholder's field counts as a miss.")
                .display("Key template").add()
                .group("Target")
                .key(TARGET_FIELD_CONFIG).defaultValue("").validator(FieldPaths.optionalPath()).importance(Importance.HIGH)
                .doc("Field (path) the looked-up data is written to, e.g. 'user'. Give this or target.header.")
                .display("Target field").add()
                .key(TARGET_HEADER_CONFIG).defaultValue("").importance(Importance.MEDIUM)
                .doc("Header the looked-up data is written to, as JSON text.").display("Target header").add()
                .key(TARGET_SCHEMA_CONFIG).defaultValue("").validator(targetSchema()).importance(Importance.MEDIUM)
                .doc("Schema of the target field in Struct records (compact 'tier:string, score:int64?' or "
                        + "JsonConverter's JSON form). Without it, Struct records get a map<string, string>.")
                .display("Target schema").add()
                .key(INCLUDE_CONFIG).type(Type.LIST).defaultValue("").importance(Importance.MEDIUM)
                .doc("Fields of the looked-up data to keep; empty keeps all.").display("Fields kept").add()
                .key(RENAME_CONFIG).type(Type.LIST).defaultValue("").validator(renames()).importance(Importance.LOW)
                .doc("Renames of looked-up fields, as 'from:to' pairs.").display("Renames").add()
                .group("Cache")
                .key(CACHE_SIZE_CONFIG).type(Type.LONG).defaultValue(100_000L).validator(Validators.atLeast(0))
                .importance(Importance.MEDIUM).doc("Most entries in the local cache (0 disables it).")
                .display("Cache size").add()
                .key(CACHE_TTL_CONFIG).type(Type.LONG).defaultValue(60_000L).validator(Validators.atLeast(0))
                .importance(Importance.MEDIUM).doc("How long a found entry is served from the cache.").display("Cache TTL (ms)").add()
                .key(CACHE_NEGATIVE_TTL_CONFIG).type(Type.LONG).defaultValue(10_000L).validator(Validators.atLeast(0))
                .importance(Importance.MEDIUM).doc("How long a miss is remembered (0: misses are always looked up).")
                .display("Miss TTL (ms)").add()
                .group("Misses and failures")
                .key(ON_MISS_CONFIG).defaultValue("pass").validator(Validators.oneOf(Policy.class)).importance(Importance.HIGH)
                .doc("When nothing is found: 'pass' (unchanged), 'defaults' (write the defaults), 'fail' (a "
                        + "DataException for the worker's errors.tolerance) or 'route' to dlq.topic.").display("On miss").add()
                .key(ON_ERROR_CONFIG).defaultValue("pass").validator(Validators.oneOf(Policy.class)).importance(Importance.HIGH)
                .doc("When the lookup fails (unreachable, timeout): 'pass', 'defaults', 'fail' or 'route'.")
                .display("On error").add()
                .key(RETRIES_CONFIG).type(Type.INT).defaultValue(2).validator(Validators.between(0, 10))
                .importance(Importance.MEDIUM).doc("Retries of a failed lookup before on.error applies. Once a lookup "
                        + "has failed after its retries, later lookups fail at once (no retries) until one succeeds, so "
                        + "an unreachable source does not slow every record down.").display("Retries").add()
                .key(RETRY_BACKOFF_CONFIG).type(Type.LONG).defaultValue(20L).validator(Validators.between(0, 10_000))
                .importance(Importance.LOW).doc("Wait before the first retry; doubled for each further one.")
                .display("Retry backoff (ms)").add()
                .key(DEFAULTS_CONFIG).defaultValue("{}").validator(jsonObject()).importance(Importance.MEDIUM)
                .doc("JSON object written as the looked-up data by the 'defaults' policy.").display("Defaults").add()
                .key(DLQ_TOPIC_CONFIG).defaultValue("${topic}-dlq").validator(FieldPaths.template())
                .importance(Importance.MEDIUM).doc("Dead-letter topic of the 'route' policy.").display("Dead-letter topic").add();
    }

    private final PathEditor editor = new PathEditor(64);
    private LookupSource source;
    private NearCache cache;
    private Template keyTemplate;
    private FieldPath targetField;
    private String targetHeader;
    private Schema targetSchema;
    /**
     * The target field's schema in Struct records, fixed by configuration: target.schema, else an optional string
     * when the source answers text, else a map of strings. A hit, a miss and a failure passed on all give a record of
     * one input schema the same output schema (a miss with the field null), so a registry converter after the chain
     * registers one version, not one per kind of answer.
     */
    private Schema structFieldSchema;
    private List<String> include;
    private Map<String, String> renames;
    private Policy onMiss;
    private Policy onError;
    private Enrichment defaults;
    private Retry retry;
    /** Set when a lookup failed after its retries; cleared by the next success. Only the task thread touches it. */
    private boolean failing;
    /** Failed lookups not yet logged, and when the last log line about them was written (one per 10 s at most). */
    private long unloggedErrors;
    private long lastErrorLogMs = Long.MIN_VALUE;
    private DeadLetterRoute dlq;
    private TaskMetrics.Counter hits;
    private TaskMetrics.Counter misses;
    private TaskMetrics.Counter lookups;
    private TaskMetrics.Counter errors;
    private TaskMetrics.Counter latency;
    private TaskMetrics.Counter enriched;

    protected Enrich() {
        super(RecordSide.VALUE);
    }

    /** Opens the lookup source from the variant's own keys. */
    protected abstract LookupSource open(AbstractConfig config) throws IOException;

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(config(), props);
        keyTemplate = Template.parse(config.getString(KEY_TEMPLATE_CONFIG));
        String field = config.getString(TARGET_FIELD_CONFIG);
        String header = config.getString(TARGET_HEADER_CONFIG);
        if (field.isBlank() == header.isBlank()) {
            throw new ConfigException(TARGET_FIELD_CONFIG, field, "give exactly one of target.field and target.header");
        }
        targetField = field.isBlank() ? null : FieldPath.parse(field);
        targetHeader = header.isBlank() ? null : header;
        String schema = config.getString(TARGET_SCHEMA_CONFIG);
        targetSchema = schema.isBlank() ? null : optional(SchemaSpec.parse(schema, "io.tributary.Enrichment"));
        include = config.getList(INCLUDE_CONFIG).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        renames = new HashMap<>();
        for (String pair : config.getList(RENAME_CONFIG)) {
            String[] parts = pair.split(":", 2);
            renames.put(parts[0].trim(), parts[1].trim());
        }
        onMiss = Validators.parseEnum(Policy.class, config.getString(ON_MISS_CONFIG));
        onError = Validators.parseEnum(Policy.class, config.getString(ON_ERROR_CONFIG));
        defaults = new Enrichment(shape(parseObject(config.getString(DEFAULTS_CONFIG))));
        retry = retry(getClass().getSimpleName() + "-lookup", config.getInt(RETRIES_CONFIG),
                config.getLong(RETRY_BACKOFF_CONFIG));
        dlq = new DeadLetterRoute(config.getString(DLQ_TOPIC_CONFIG), getClass().getName());
        long cacheSize = config.getLong(CACHE_SIZE_CONFIG);
        cache = cacheSize == 0 ? null : new NearCache(cacheSize, Duration.ofMillis(config.getLong(CACHE_TTL_CONFIG)),
                Duration.ofMillis(config.getLong(CACHE_NEGATIVE_TTL_CONFIG)));
        try {
            source = open(config);
        } catch (IOException e) {
            throw new ConfigException("Cannot open the lookup source: " + e.getMessage());
        }
        structFieldSchema = targetSchema != null ? targetSchema
                : source.answersText() ? Schema.OPTIONAL_STRING_SCHEMA : STRING_MAP;
        registerMetrics(metrics.metrics);
    }

    @Override
    protected void registerMetrics(TaskMetrics taskMetrics) {
        hits = taskMetrics.counter("cache-hits", "lookups answered by the local cache");
        misses = taskMetrics.counter("cache-misses", "lookups the local cache could not answer");
        lookups = taskMetrics.counter("lookups", "lookups sent to the source (Redis or the file table)");
        errors = taskMetrics.counter("lookup-errors", "lookups that failed");
        latency = taskMetrics.measure("lookup-latency-us", "time of a lookup at the source, in microseconds");
        enriched = taskMetrics.counter("records-enriched", "records the looked-up data was added to");
    }

    @Override
    protected R transform(R record) {
        Object value = record.value();
        String key = keyTemplate.render(value, record.topic());
        Object found;
        if (key == null) {
            found = null;
        } else {
            try {
                found = lookup(key);
            } catch (LookupSource.LookupException e) {
                errors.increment();
                logError(e);
                return handle(record, onError, "lookup of a key failed: " + e.getMessage(), e);
            }
        }
        if (found == null) {
            return handle(record, onMiss, key == null ? "the record lacks a field of the key template " + keyTemplate
                    : "nothing found for the lookup key", null);
        }
        enriched.increment();
        return merge(record, (Enrichment) found);
    }

    private Object lookup(String key) {
        if (cache != null) {
            Optional<Object> cached = cache.get(key);
            if (cached != null) {
                hits.increment();
                return cached.orElse(null);
            }
            misses.increment();
        }
        Object data = lookupWithRetries(key);
        Enrichment found = data == null ? null : new Enrichment(shape(data));
        if (cache != null) {
            cache.put(key, Optional.ofNullable(found));
        }
        return found;
    }

    /**
     * Asks the source, retrying a failure (resilience4j's {@link Retry}: {@code lookup.retries} more attempts,
     * {@code lookup.retry.backoff.ms} before the first, doubled for each further one). While the source is failing
     * (a lookup failed after its retries, and none has succeeded since) a lookup is tried once, without retries, so
     * an unreachable source does not slow every record down.
     */
    private Object lookupWithRetries(String key) {
        Supplier<Object> attempt = () -> attempt(key);
        try {
            Object found = failing ? attempt.get() : Retry.decorateSupplier(retry, attempt).get();
            failing = false;
            return found;
        } catch (LookupSource.LookupException e) {
            failing = true;
            throw e;
        }
    }

    private Object attempt(String key) {
        long start = System.nanoTime();
        lookups.increment();
        Object found = source.lookup(key);
        latency.add((System.nanoTime() - start) / 1_000);
        return found;
    }

    /** One Retry per transform: retries of a failed lookup, and nothing else (a miss or a bug is not retried). */
    private static Retry retry(String name, int retries, long backoffMs) {
        return Retry.of(name, RetryConfig.custom()
                .maxAttempts(retries + 1)
                .retryExceptions(LookupSource.LookupException.class)
                .intervalBiFunction((attempt, outcome) -> backoffMs << (attempt - 1))
                .build());
    }

    /**
     * Failed lookups are counted in metrics and, so that a pass-through policy does not hide them, logged: the first
     * at once, then one line per 10 s with the count since. The key is not logged (it is made of record data).
     */
    private void logError(LookupSource.LookupException e) {
        unloggedErrors++;
        long now = System.currentTimeMillis();
        if (lastErrorLogMs == Long.MIN_VALUE || now - lastErrorLogMs >= 10_000) {
            log.warn("{} lookup(s) failed since the last report, handled by {}={}: {}", unloggedErrors,
                    ON_ERROR_CONFIG, onError.name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
            unloggedErrors = 0;
            lastErrorLogMs = now;
        }
    }

    private R handle(R record, Policy policy, String why, Exception cause) {
        switch (policy) {
            case DEFAULTS:
                return merge(record, defaults);
            case FAIL:
                throw new DataException("Enrichment failed: " + why, cause);
            case ROUTE:
                metrics.routed.increment();
                return dlq.route(record, "enrich", cause == null ? "io.tributary.EnrichmentMiss" : cause.getClass().getName(),
                        why, null);
            case PASS:
            default:
                return passOn(record);
        }
    }

    /**
     * A record passed on without data: unchanged, except that a Struct gets the target field (null), so it has the
     * schema an enriched record of its input schema has.
     */
    private R passOn(R record) {
        if (targetHeader != null || !(record.value() instanceof Struct struct)) {
            return record;
        }
        SchemaAndValue updated = editor.set(record.valueSchema(), struct, targetField, structFieldSchema, null);
        return side.with(record, updated.schema(), updated.value());
    }

    /** Applies field selection and renaming to map results; strings pass as they are. */
    private Object shape(Object found) {
        if (!(found instanceof Map)) {
            return found;
        }
        Map<?, ?> map = (Map<?, ?>) found;
        Map<String, Object> shaped = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!include.isEmpty() && !include.contains(name)) {
                continue;
            }
            shaped.put(renames.getOrDefault(name, name), e.getValue());
        }
        return shaped;
    }

    private R merge(R record, Enrichment found) {
        if (targetHeader != null) {
            Headers headers = record.headers().duplicate();
            headers.addString(targetHeader, found.text());
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                    record.valueSchema(), record.value(), record.timestamp(), headers);
        }
        Object value = record.value();
        if (value instanceof Struct) {
            SchemaAndValue updated = editor.set(record.valueSchema(), (Struct) value, targetField, structFieldSchema,
                    found.connectValue(structFieldSchema));
            return side.with(record, updated.schema(), updated.value());
        }
        if (value == null || value instanceof Map) {
            // Written into the map an earlier Tributary transform handed to this record, if any (ChainOwnedMap).
            PathEditor.Edits edits = new PathEditor.Edits(value, record).set(targetField, found.data);
            return edits.handOff(side.with(record, record.valueSchema(), edits.result()));
        }
        throw new DataException("Enrichment needs a Struct or map value; this record's is a "
                + value.getClass().getSimpleName());
    }

    private static final Schema STRING_MAP = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA)
            .optional().build();

    /**
     * A looked-up entry after field selection and renaming, as it sits in the cache: the forms a record needs (the
     * Connect value of the target schema, the header text) are made once per entry, not once per record.
     */
    static final class Enrichment {
        /** Shared by every record it enriches, so it cannot be changed: an SMT after this one must copy it. */
        final Object data;
        private volatile Object connectValue;
        private volatile String text;

        Enrichment(Object data) {
            this.data = unmodifiable(data);
        }

        private static Object unmodifiable(Object value) {
            if (value instanceof Map) {
                Map<Object, Object> copy = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> copy.put(k, unmodifiable(v)));
                return java.util.Collections.unmodifiableMap(copy);
            }
            if (value instanceof List) {
                List<Object> copy = new java.util.ArrayList<>();
                ((List<?>) value).forEach(v -> copy.add(unmodifiable(v)));
                return java.util.Collections.unmodifiableList(copy);
            }
            return value;
        }

        /**
         * For Struct records: the data as a value of {@code schema} (the transform's one target field schema: a
         * string, a map of strings, or target.schema).
         */
        Object connectValue(Schema schema) {
            if (connectValue == null) {
                if (schema.type() == Schema.Type.STRING) {
                    connectValue = text();
                } else if (schema != STRING_MAP) {
                    connectValue = JsonData.toConnect(schema, JsonData.MAPPER.valueToTree(data));
                } else if (!(data instanceof Map)) {
                    throw new DataException("the looked-up data is a JSON " + (data instanceof String ? "string"
                            : "scalar") + ", not an object; a Struct record's target field is a map unless "
                            + TARGET_SCHEMA_CONFIG + " says otherwise");
                } else {
                    Map<String, String> strings = new LinkedHashMap<>();
                    ((Map<?, ?>) data).forEach((k, v) -> strings.put(String.valueOf(k), v == null ? null
                            : v instanceof String ? (String) v : json(v)));
                    connectValue = java.util.Collections.unmodifiableMap(strings);
                }
            }
            return connectValue;
        }

        String text() {
            if (text == null) {
                text = data instanceof String ? (String) data : json(data);
            }
            return text;
        }
    }

    private static String json(Object value) {
        try {
            return JsonData.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new DataException("cannot write looked-up data as JSON", e);
        }
    }

    private static Schema optional(Schema schema) {
        if (schema.isOptional()) {
            return schema;
        }
        SchemaBuilder builder = SchemaBuilder.struct().name(schema.name()).optional();
        schema.fields().forEach(f -> builder.field(f.name(), f.schema()));
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseObject(String json) {
        try {
            return JsonData.MAPPER.readValue(json, LinkedHashMap.class);
        } catch (IOException e) {
            throw new ConfigException(DEFAULTS_CONFIG, json, "is not a JSON object");
        }
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
        }
    }

    private static ConfigDef.Validator targetSchema() {
        return Validators.described("empty, or a schema (compact or JSON)", value -> {
            String text = (String) value;
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                Schema parsed = SchemaSpec.parse(text, "io.tributary.Enrichment");
                return parsed.type() == Schema.Type.STRUCT ? null : "must describe a struct";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
    }

    private static ConfigDef.Validator renames() {
        return Validators.described("pairs from:to", value -> {
            for (Object pair : (List<?>) value) {
                String[] parts = pair.toString().split(":", -1);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    return "'" + pair + "' is not a from:to pair";
                }
            }
            return null;
        });
    }

    private static ConfigDef.Validator jsonObject() {
        return Validators.described("a JSON object", value -> {
            try {
                return JsonData.MAPPER.readTree((String) value).isObject() ? null : "is not a JSON object";
            } catch (IOException | RuntimeException e) {
                return "is not valid JSON";
            }
        });
    }
}
