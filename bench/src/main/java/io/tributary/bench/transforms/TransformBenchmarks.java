package io.tributary.bench.transforms;

import io.tributary.connect.transforms.enrich.EnrichFromRedis;
import io.tributary.connect.transforms.protect.ProtectFields;
import io.tributary.connect.transforms.rules.Rules;
import io.tributary.connect.transforms.time.EventTime;
import io.tributary.connect.transforms.validate.ValidateSchema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.InsertField;
import org.apache.kafka.connect.transforms.TimestampConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-record cost of each transform and of the chain validate → enrich (cache hit) → rules (20) → protect (2 fields)
 * → event time, on ~1 KB events as schemaless maps ({@code json}) and as Structs ({@code struct}); the reference is
 * Apache Kafka's InsertField + TimestampConverter. Enrichment talks to the real Redis on 127.0.0.1:6379, its cache
 * warmed with every user before measuring. Each call transforms the next of 1,024 different records (the {@code records} parameter).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TransformBenchmarks {

    static final String REDIS_URI = "redis://127.0.0.1:6379";
    static final String PREFIX = "tributary-bench:";

    @Param({"json", "struct"})
    public String shape;

    /** Distinct records cycled through: 1,024 of ~1 KB (several MB on the heap) do not stay in the CPU caches. */
    @Param({"1024"})
    public int records;

    private SourceRecord[] pool;
    private int next;
    private Transformation<SourceRecord> validate;
    private Transformation<SourceRecord> enrich;
    private Transformation<SourceRecord> rules;
    private Transformation<SourceRecord> protect;
    private Transformation<SourceRecord> eventTime;
    private List<Transformation<SourceRecord>> chain;
    private List<Transformation<SourceRecord>> reference;

    @Setup(Level.Trial)
    public void setUp() {
        boolean struct = shape.equals("struct");
        if (Integer.bitCount(records) != 1) {
            throw new IllegalArgumentException("records must be a power of two");
        }
        List<Map<String, Object>> maps = Events.maps(records);
        pool = maps.stream().map(m -> Events.record(struct ? Events.struct(m) : m)).toArray(SourceRecord[]::new);
        RedisProfiles.seed(REDIS_URI, PREFIX, Events.USERS);

        validate = configure(new ValidateSchema.Value<>(), struct
                ? Map.of("schema.type", "avro", "schema.inline", Events.AVRO_SCHEMA, "on.invalid", "route")
                : Map.of("schema.inline", Events.JSON_SCHEMA, "on.invalid", "route"));
        Map<String, Object> enrichConfig = new HashMap<>(Map.of("redis.uri", REDIS_URI, "redis.key.prefix", PREFIX,
                "lookup.key.template", "user_profile:${user_id}", "target.field", "user",
                "fields.include", "tier,country", "cache.ttl.ms", "3600000"));
        if (struct) {
            enrichConfig.put("target.schema", "tier:string, country:string");
        }
        enrich = configure(new EnrichFromRedis<>(), enrichConfig);
        rules = configure(new Rules<>(), Map.of("rules", Events.rules(), "match", "all",
                "unmatched.topic", "events-unroutable"));
        protect = configure(new ProtectFields.Value<>(), Map.of("mask.fields", "card_last4", "mask.keep.last", "2",
                "hash.fields", "email", "hash.key", "bench-secret-key-0123456789abcdef"));
        eventTime = configure(new EventTime.Value<>(), Map.of("timestamp.field", "ts", "metadata.mode", "headers",
                "metadata.source", "bench", "metadata.pipeline.id", "bench"));
        chain = List.of(validate, enrich, rules, protect, eventTime);
        reference = List.of(
                configure(new InsertField.Value<>(), Map.of("static.field", "pipeline", "static.value", "bench")),
                configure(new TimestampConverter.Value<>(), Map.of("field", "ts", "target.type", "unix",
                        "format", "yyyy-MM-dd'T'HH:mm:ss.SSSX")));
        // Every record once through the chain: the enrichment cache holds every user, and each record is checked to
        // come out where it should (a benchmark of a transform that fails would measure its error path).
        for (SourceRecord record : pool) {
            SourceRecord out = apply(chain, record);
            if (out == null || out.topic().endsWith("-dlq") || out.topic().equals("events-unroutable")) {
                throw new IllegalStateException("the chain did not route a benchmark record: " + out);
            }
            if (apply(reference, record) == null) {
                throw new IllegalStateException("the reference chain dropped a record");
            }
        }
    }

    private static <T extends Transformation<SourceRecord>> T configure(T transform, Map<String, ?> config) {
        transform.configure(config);
        return transform;
    }

    private static SourceRecord apply(List<Transformation<SourceRecord>> transforms, SourceRecord record) {
        SourceRecord current = record;
        for (Transformation<SourceRecord> t : transforms) {
            current = t.apply(current);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private SourceRecord nextRecord() {
        return pool[next++ & (pool.length - 1)];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Transformation<SourceRecord> t : chain) {
            t.close();
        }
    }

    @Benchmark
    public SourceRecord validate() {
        return validate.apply(nextRecord());
    }

    @Benchmark
    public SourceRecord enrichCacheHit() {
        return enrich.apply(nextRecord());
    }

    @Benchmark
    public SourceRecord rules20() {
        return rules.apply(nextRecord());
    }

    @Benchmark
    public SourceRecord protect2Fields() {
        return protect.apply(nextRecord());
    }

    @Benchmark
    public SourceRecord eventTime() {
        return eventTime.apply(nextRecord());
    }

    @Benchmark
    public SourceRecord chain() {
        return apply(chain, nextRecord());
    }

    @Benchmark
    public SourceRecord referenceInsertFieldTimestampConverter() {
        return apply(reference, nextRecord());
    }
}
