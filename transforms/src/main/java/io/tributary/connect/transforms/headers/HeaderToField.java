package io.tributary.connect.transforms.headers;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.PathEditor;
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
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Copies headers into fields, as text: the direction Kafka's own {@code HeaderFrom} (field to header) does not go. For
 * a sink that stores dead letters with their error headers as columns: {@code HoistField$Value} wraps the raw value
 * into a field, then this adds {@code tributary.error.stage}, {@code .message}, ... beside it.
 *
 * <p>A header's value becomes text: a string as it is, bytes (ByteArrayConverter as header converter) as UTF-8, any
 * other value as Connect's {@code Values} writes it. A header the record lacks sets its field to null. Into a Struct
 * each field is an optional string, so every record of one input schema gets one output schema whichever headers it
 * carries. Unlike the other Tributary transforms this one works on records already dead-lettered: they are what it is
 * for.
 */
public abstract class HeaderToField<R extends ConnectRecord<R>> extends TributaryTransform<R> {

    public static final String HEADERS_CONFIG = "headers";
    public static final String FIELDS_CONFIG = "fields";

    public static final ConfigDef CONFIG_DEF = new ConfigDefBuilder(new ConfigDef())
            .group("Headers to fields")
            .key(HEADERS_CONFIG).type(Type.LIST).required().validator(nonEmptyList()).importance(Importance.HIGH)
            .doc("Names of the headers to copy, e.g. 'tributary.error.stage,tributary.error.message'. Of a header "
                    + "given several times, the last.").display("Headers").add()
            .key(FIELDS_CONFIG).type(Type.LIST).required().validator(FieldPaths.pathList()).importance(Importance.HIGH)
            .doc("The field (path) each header goes to, in the order of 'headers', e.g. 'error_stage,error_message'. "
                    + "An existing field is replaced.").display("Fields").add()
            .build();

    private final PathEditor editor = new PathEditor(64);
    private List<String> headers;
    private List<FieldPath> fields;

    protected HeaderToField(RecordSide side) {
        super(side);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        headers = config.getList(HEADERS_CONFIG).stream().map(String::trim).toList();
        List<String> names = config.getList(FIELDS_CONFIG).stream().map(String::trim).toList();
        if (names.size() != headers.size()) {
            throw new ConfigException(FIELDS_CONFIG, String.join(",", names), "names " + names.size()
                    + " fields for " + headers.size() + " headers: give one field per header, in the same order");
        }
        fields = new ArrayList<>();
        names.forEach(name -> fields.add(FieldPath.parse(name)));
    }

    @Override
    protected boolean leavesDeadLettersAlone() {
        return false;
    }

    @Override
    protected R transform(R record) {
        Object value = side.value(record);
        if (value == null) {
            // A tombstone (or a record without a key) stays one: a map of header fields would resurrect what it deletes.
            return record;
        }
        if (value instanceof Struct struct) {
            Schema schema = side.schema(record);
            Struct current = struct;
            for (int i = 0; i < headers.size(); i++) {
                SchemaAndValue updated = editor.set(schema, current, fields.get(i), Schema.OPTIONAL_STRING_SCHEMA,
                        text(record.headers().lastWithName(headers.get(i))));
                schema = updated.schema();
                current = (Struct) updated.value();
            }
            return side.with(record, schema, current);
        }
        if (value instanceof Map) {
            PathEditor.Edits edits = new PathEditor.Edits(value, record);
            for (int i = 0; i < headers.size(); i++) {
                edits.set(fields.get(i), text(record.headers().lastWithName(headers.get(i))));
            }
            return edits.handOff(side.with(record, side.schema(record), edits.result()));
        }
        throw new DataException("HeaderToField needs a Struct or map " + side.label() + "; this record's is a "
                + value.getClass().getSimpleName() + " (wrap it into a field first, e.g. with HoistField)");
    }

    private static String text(Header header) {
        if (header == null || header.value() == null) {
            return null;
        }
        Object v = header.value();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (v instanceof ByteBuffer buffer) {
            return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
        }
        return Values.convertToString(header.schema(), v);
    }

    private static ConfigDef.Validator nonEmptyList() {
        return io.tributary.connect.common.config.Validators.described("a non-empty list of header names", value -> {
            List<?> list = (List<?>) value;
            if (list == null || list.isEmpty()) {
                return "must name at least one header";
            }
            return list.stream().anyMatch(h -> h.toString().isBlank()) ? "names an empty header" : null;
        });
    }

    /** Headers into fields of the key. */
    public static final class Key<R extends ConnectRecord<R>> extends HeaderToField<R> {
        public Key() {
            super(RecordSide.KEY);
        }
    }

    /** Headers into fields of the value. */
    public static final class Value<R extends ConnectRecord<R>> extends HeaderToField<R> {
        public Value() {
            super(RecordSide.VALUE);
        }
    }
}
