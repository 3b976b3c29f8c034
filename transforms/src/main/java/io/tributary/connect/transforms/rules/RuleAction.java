package io.tributary.connect.transforms.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.condition.Conditions;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.Template;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.Locale;
import java.util.Map;

/** What a matching rule does to a record: each kind of action applies itself to the record being edited. */
sealed interface RuleAction {

    void apply(RecordEdit edit);

    /** Send the record to another topic (a template over the record's fields). */
    record Route(Template topic) implements RuleAction {
        @Override
        public void apply(RecordEdit edit) {
            edit.target = topic.render(edit.value, edit.topic);
            if (edit.target == null) {
                edit.unroutable = "routes to '" + topic + "' but the record lacks one of " + topic.placeholders();
            }
        }
    }

    /** Filter the record out. */
    record Drop() implements RuleAction {
        @Override
        public void apply(RecordEdit edit) {
            edit.drop = true;
        }
    }

    /** Set a field to a constant (JSON) value, adding it if absent. */
    record SetField(FieldPath field, JsonNode value) implements RuleAction {
        @Override
        public void apply(RecordEdit edit) {
            if (edit.value instanceof Struct struct) {
                Schema existing = field.schemaAt(edit.schema);
                Schema fieldSchema = existing != null ? existing : schemaFor(value);
                SchemaAndValue updated = edit.structEditor.set(edit.schema, struct, field, fieldSchema,
                        JsonData.toConnect(fieldSchema, value));
                edit.schema = updated.schema();
                edit.value = updated.value();
            } else if (edit.value == null || edit.value instanceof Map) {
                edit.value = edit.mapEdits().set(field, Conditions.constant(value)).result();
            } else {
                throw new DataException("a rule sets field '" + field + "' but the value is a "
                        + edit.value.getClass().getSimpleName());
            }
        }

        /** The schema of a field a rule adds to a Struct: optional, of the JSON value's type. */
        static Schema schemaFor(JsonNode node) {
            if (node.isIntegralNumber()) {
                return Schema.OPTIONAL_INT64_SCHEMA;
            }
            if (node.isNumber()) {
                return Schema.OPTIONAL_FLOAT64_SCHEMA;
            }
            if (node.isBoolean()) {
                return Schema.OPTIONAL_BOOLEAN_SCHEMA;
            }
            if (node.isTextual() || node.isNull()) {
                return Schema.OPTIONAL_STRING_SCHEMA;
            }
            throw new DataException("a rule sets a Struct field to a JSON " + node.getNodeType().name()
                    .toLowerCase(Locale.ROOT) + "; only scalars can be added to a Struct");
        }
    }

    /** Remove a field. */
    record RemoveField(FieldPath field) implements RuleAction {
        @Override
        public void apply(RecordEdit edit) {
            if (edit.value instanceof Struct struct) {
                Schema existing = field.schemaAt(edit.schema);
                // The output schema keeps the field, optional (StableSchemas): a removal sets it to null.
                SchemaAndValue updated = existing != null && existing.isOptional()
                        ? edit.structEditor.update(edit.schema, struct, field, ToNull.INSTANCE)
                        : edit.structEditor.remove(edit.schema, struct, field);
                edit.schema = updated.schema();
                edit.value = updated.value();
            } else {
                edit.value = edit.mapEdits().remove(field).result();
            }
        }
    }

    /** A Struct field's value cleared, its schema kept. */
    enum ToNull implements io.tributary.connect.common.data.PathEditor.LeafChange {
        INSTANCE;

        @Override
        public Schema schema(Schema old) {
            return old;
        }

        @Override
        public Object value(Schema oldSchema, Object oldValue) {
            return null;
        }
    }

    /** Add a header (its value a template over the record's fields). */
    record AddHeader(String name, Template value) implements RuleAction {
        @Override
        public void apply(RecordEdit edit) {
            String rendered = value.render(edit.value, edit.topic);
            edit.headers().addString(name, rendered == null ? "" : rendered);
        }
    }

    /** Add a tag to the record's tag header. */
    record Tag(String tag) implements RuleAction {
        @Override
        public void apply(RecordEdit edit) {
            edit.tag(tag);
        }
    }

    /** Evaluate no further rule. */
    record Stop() implements RuleAction {
        @Override
        public void apply(RecordEdit edit) {
            edit.stop = true;
        }
    }
}
