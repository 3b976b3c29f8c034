package io.tributary.processor.aggregate;

import io.tributary.processor.config.JobSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's results with their schema, in the envelope Kafka Connect's {@code JsonConverter} reads with
 * {@code schemas.enable=true} ({@code {"schema": ..., "payload": ...}}), so a sink that needs Structs (ClickHouse
 * RowBinary, JDBC, Snowflake schematization) gets them with types: group fields and RFC 3339 bounds as strings,
 * epoch milliseconds and counts as int64, numeric aggregates as optional float64, percentiles as a struct of optional
 * float64 per rank, first/last as optional strings. The schema depends on the job only, so it is built once.
 */
final class ResultSchema {

    private final Map<String, Object> schema;

    ResultSchema(JobSpec.Aggregate spec) {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (var field : spec.groupBy()) {
            fields.add(field("string", false, field.toString()));
        }
        fields.add(field("string", false, "window_start"));
        fields.add(field("string", false, "window_end"));
        fields.add(field("int64", false, "window_start_ms"));
        fields.add(field("int64", false, "window_end_ms"));
        fields.add(field("int64", false, "events"));
        for (JobSpec.Aggregation a : spec.aggregations()) {
            fields.add(switch (a.function()) {
                case COUNT, DISTINCT -> field("int64", false, a.name());
                case FIRST, LAST -> field("string", true, a.name());
                case PERCENTILES -> {
                    List<Map<String, Object>> ranks = new ArrayList<>();
                    for (double rank : a.ranks()) {
                        ranks.add(field("double", true, Cell.Percentiles.label(rank)));
                    }
                    Map<String, Object> struct = field("struct", false, a.name());
                    struct.put("fields", ranks);
                    yield struct;
                }
                default -> field("double", true, a.name());
            });
        }
        fields.add(field("int64", false, "late_events"));
        schema = new LinkedHashMap<>();
        schema.put("type", "struct");
        schema.put("fields", fields);
        schema.put("optional", false);
        schema.put("name", "io.tributary.processor." + spec.name().replaceAll("[^A-Za-z0-9_]", "_"));
    }

    /** The result wrapped with the schema. */
    Map<String, Object> envelope(Map<String, Object> result) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("schema", schema);
        envelope.put("payload", result);
        return envelope;
    }

    private static Map<String, Object> field(String type, boolean optional, String name) {
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("type", type);
        field.put("optional", optional);
        field.put("field", name);
        return field;
    }
}
