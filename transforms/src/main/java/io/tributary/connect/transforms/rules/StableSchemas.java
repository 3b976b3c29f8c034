package io.tributary.connect.transforms.rules;

import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.FieldPath.Step;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The one output schema a rule set gives Struct records of an input schema, whichever rules a record matches. Rules
 * act record by record, so without this a record a {@code set} rule matched would carry a field its neighbours lack,
 * and a registry converter after the transform would register a new version each time the two kinds alternate.
 * Instead every field a {@code set} action may add is in the output schema (optional; null where no rule set it),
 * and a field a {@code remove} action names stays in it as optional, null where a rule removed it.
 *
 * <p>Output schemas are made once per input schema (the same instance every time, as Kafka's own SMTs cache
 * theirs) for the rule set they were made for; a reloaded rule set starts afresh.
 */
final class StableSchemas {

    final RuleSet rules;
    private final Cache<Schema, Schema> outputs = new SynchronizedCache<>(new LRUCache<>(64));

    StableSchemas(RuleSet rules) {
        this.rules = rules;
    }

    /** The output schema of Struct records of {@code input}: the input itself when no rule adds or removes fields. */
    Schema outputOf(Schema input) {
        Schema cached = outputs.get(input);
        if (cached == null) {
            cached = widen(input);
            outputs.put(input, cached);
        }
        return cached;
    }

    private Schema widen(Schema input) {
        Schema schema = input;
        for (Rule rule : rules.rules()) {
            for (RuleAction action : rule.actions()) {
                if (action instanceof RuleAction.SetField set && set.field().schemaAt(schema) == null) {
                    Schema added = RuleAction.SetField.schemaFor(set.value());
                    schema = change(schema, set.field(), 0, s -> added, true);
                } else if (action instanceof RuleAction.RemoveField remove) {
                    schema = change(schema, remove.field(), 0, StableSchemas::optional, false);
                }
            }
        }
        return schema;
    }

    /**
     * The schema with the leaf at {@code path} changed ({@code add}: created in its struct when absent); a path
     * that does not lead there (a missing struct on the way, a map) leaves the schema as it is.
     */
    private static Schema change(Schema schema, FieldPath path, int i, UnaryOperator<Schema> leaf, boolean add) {
        List<Step> steps = path.steps();
        Step step = steps.get(i);
        boolean last = i == steps.size() - 1;
        if (step.isIndex()) {
            if (schema.type() != Schema.Type.ARRAY || last) {
                return schema;
            }
            Schema element = change(schema.valueSchema(), path, i + 1, leaf, add);
            return element == schema.valueSchema() ? schema
                    : like(schema, SchemaBuilder.array(element), schema.isOptional()).build();
        }
        if (schema.type() != Schema.Type.STRUCT) {
            return schema;
        }
        Field field = schema.field(step.name());
        if (field == null) {
            return last && add ? withField(schema, step.name(), leaf.apply(null)) : schema;
        }
        Schema changed = last ? leaf.apply(field.schema()) : change(field.schema(), path, i + 1, leaf, add);
        return changed == field.schema() ? schema : withField(schema, step.name(), changed);
    }

    /** A copy of a struct schema with a field replaced, or added at the end. */
    private static Schema withField(Schema struct, String name, Schema fieldSchema) {
        SchemaBuilder builder = like(struct, SchemaBuilder.struct(), struct.isOptional());
        boolean seen = false;
        for (Field f : struct.fields()) {
            seen |= f.name().equals(name);
            builder.field(f.name(), f.name().equals(name) ? fieldSchema : f.schema());
        }
        if (!seen) {
            builder.field(name, fieldSchema);
        }
        return builder.build();
    }

    private static Schema optional(Schema schema) {
        if (schema.isOptional()) {
            return schema;
        }
        SchemaBuilder builder = switch (schema.type()) {
            case STRUCT -> {
                SchemaBuilder b = SchemaBuilder.struct();
                schema.fields().forEach(f -> b.field(f.name(), f.schema()));
                yield b;
            }
            case ARRAY -> SchemaBuilder.array(schema.valueSchema());
            case MAP -> SchemaBuilder.map(schema.keySchema(), schema.valueSchema());
            default -> new SchemaBuilder(schema.type());
        };
        return like(schema, builder, true).build();
    }

    private static SchemaBuilder like(Schema from, SchemaBuilder builder, boolean optional) {
        builder.name(from.name()).version(from.version()).doc(from.doc());
        if (from.parameters() != null) {
            builder.parameters(from.parameters());
        }
        if (from.defaultValue() != null) {
            builder.defaultValue(from.defaultValue());
        }
        return optional ? builder.optional() : builder;
    }

    /**
     * A value of {@code source} as a value of {@code target}, a schema {@link #outputOf} made from it: fields are
     * taken by name, fields the source lacks are null. Only the containers whose schemas differ are copied.
     */
    static Object conform(Schema target, Schema source, Object value) {
        if (target == source || value == null) {
            return value;
        }
        switch (target.type()) {
            case STRUCT: {
                Struct from = (Struct) value;
                Struct copy = new Struct(target);
                for (Field f : target.fields()) {
                    Field old = source.field(f.name());
                    if (old != null) {
                        copy.put(f, conform(f.schema(), old.schema(), from.get(old)));
                    }
                }
                return copy;
            }
            case ARRAY: {
                List<Object> copy = new ArrayList<>();
                for (Object element : (List<?>) value) {
                    copy.add(conform(target.valueSchema(), source.valueSchema(), element));
                }
                return copy;
            }
            case MAP: {
                Map<Object, Object> copy = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> copy.put(k, conform(target.valueSchema(), source.valueSchema(), v)));
                return copy;
            }
            default:
                return value;
        }
    }
}
