package io.tributary.connect.common.data;

import io.tributary.connect.common.data.JsonStructs.ExtraFields;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonStructsTest {

    private static final Schema ADDRESS = SchemaBuilder.struct().name("Address")
            .field("zip", Schema.STRING_SCHEMA)
            .field("floor", Schema.OPTIONAL_INT32_SCHEMA)
            .build();
    private static final Schema ORDER = SchemaBuilder.struct().name("Order")
            .field("id", Schema.INT64_SCHEMA)
            .field("qty", Schema.INT32_SCHEMA)
            .field("ratio", Schema.FLOAT64_SCHEMA)
            .field("amount", Decimal.builder(2).build())
            .field("paid", Schema.BOOLEAN_SCHEMA)
            .field("user", Schema.STRING_SCHEMA)
            .field("at", Timestamp.SCHEMA)
            .field("day", Date.builder().optional().build())
            .field("address", ADDRESS)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("scores", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).optional().build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private static Struct convert(Schema schema, ExtraFields extra, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new JsonStructs(schema, extra).convert(bytes, 0, bytes.length);
    }

    @Test
    void convertsEveryKindOfField() throws IOException {
        Struct s = convert(ORDER, ExtraFields.IGNORE, """
                {"id": 9007199254740993, "qty": 3, "ratio": 0.25, "amount": 12.5, "paid": true, "user": "u1",
                 "at": "2026-12-07T10:00:00Z", "day": "2026-12-07", "address": {"zip": "10115", "floor": 4},
                 "tags": ["a", "b"], "scores": {"x": 1, "y": 2}, "note": null}""");
        assertThat(s.getInt64("id")).isEqualTo(9007199254740993L);
        assertThat(s.getInt32("qty")).isEqualTo(3);
        assertThat(s.getFloat64("ratio")).isEqualTo(0.25);
        assertThat(s.get("amount")).isEqualTo(new BigDecimal("12.50"));
        assertThat(s.getBoolean("paid")).isTrue();
        assertThat(s.getString("user")).isEqualTo("u1");
        assertThat(((java.util.Date) s.get("at")).toInstant().toString()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(((java.util.Date) s.get("day")).getTime()).isEqualTo(1796601600000L);
        assertThat(s.getStruct("address").getString("zip")).isEqualTo("10115");
        assertThat(s.getStruct("address").getInt32("floor")).isEqualTo(4);
        assertThat(s.getArray("tags")).isEqualTo(List.of("a", "b"));
        assertThat(s.getMap("scores")).isEqualTo(Map.of("x", 1L, "y", 2L));
        assertThat(s.getString("note")).isNull();
        s.validate();
        assertThat(s.schema()).isSameAs(ORDER);
    }

    @Test
    void timestampsFromEpochMillisAndIntegersWhereDoublesAreDeclared() throws IOException {
        Struct s = convert(ORDER, ExtraFields.IGNORE, """
                {"id": 1, "qty": 1, "ratio": 2, "amount": "0.1", "paid": false, "user": "u", "at": 1796637600000,
                 "address": {"zip": "1"}, "tags": []}""");
        assertThat(((java.util.Date) s.get("at")).getTime()).isEqualTo(1796637600000L);
        assertThat(s.getFloat64("ratio")).isEqualTo(2.0);
        assertThat(s.get("amount")).isEqualTo(new BigDecimal("0.10"));
        assertThat(s.get("day")).isNull();
        assertThat(s.getStruct("address").get("floor")).isNull();
        assertThat(s.get("scores")).isNull();
        s.validate();
    }

    @Test
    void aRequiredFieldMissingOrNullIsNamed() {
        assertThatThrownBy(() -> convert(ORDER, ExtraFields.IGNORE, """
                {"id": 1, "qty": 1, "ratio": 2, "amount": 1, "paid": false, "user": "u", "at": 1,
                 "address": {"zip": null}, "tags": []}"""))
                .isInstanceOf(DataException.class).hasMessage("field 'address.zip' is required but missing or null");
        assertThatThrownBy(() -> convert(ORDER, ExtraFields.IGNORE, "{\"qty\": 1}"))
                .isInstanceOf(DataException.class).hasMessage("field 'id' is required but missing or null");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedByPathNotByValue() {
        String base = "\"qty\": 1, \"ratio\": 2, \"amount\": 1, \"paid\": false, \"user\": \"u\", \"at\": 1, "
                + "\"address\": {\"zip\": \"1\"}";
        assertThatThrownBy(() -> convert(ORDER, ExtraFields.IGNORE, "{\"id\": \"secret-42\", " + base
                + ", \"tags\": []}"))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'id' should be an integer but is a JSON string")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> convert(ORDER, ExtraFields.IGNORE, "{\"id\": 1, " + base.replace("{\"zip\": \"1\"}", "\"x\"")
                + ", \"tags\": []}"))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'address' should be an object but is a JSON string");
        assertThatThrownBy(() -> convert(ORDER, ExtraFields.IGNORE, "{\"id\": 1, " + base
                + ", \"tags\": [], \"scores\": {\"x\": 1, \"y\": \"two\"}}"))
                .isInstanceOf(DataException.class)
                .hasMessage("field 'scores.y' should be an integer but is a JSON string");
    }

    @Test
    void integersOutOfRangeAndDecimalsWithTooManyPlacesAreRefused() {
        String rest = "\"ratio\": 2, \"paid\": false, \"user\": \"u\", \"at\": 1, \"address\": {\"zip\": \"1\"}, "
                + "\"tags\": []";
        assertThatThrownBy(() -> convert(ORDER, ExtraFields.IGNORE, "{\"id\": 1, \"qty\": 3000000000, "
                + "\"amount\": 1, " + rest + "}"))
                .isInstanceOf(DataException.class).hasMessageStartingWith("field 'qty' is out of range");
        assertThatThrownBy(() -> convert(ORDER, ExtraFields.IGNORE, "{\"id\": 1, \"qty\": 3, \"amount\": 1.234, "
                + rest + "}"))
                .isInstanceOf(DataException.class).hasMessage("field 'amount' has more than 2 decimal places");
    }

    @Test
    void extraFieldsAreIgnoredOrRejectedAsConfigured() throws IOException {
        Schema flat = SchemaBuilder.struct().field("a", Schema.INT64_SCHEMA)
                .field("inner", SchemaBuilder.struct().field("b", Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                .build();
        Struct ignored = convert(flat, ExtraFields.IGNORE, "{\"a\": 1, \"zz\": [1], \"inner\": {\"c\": 2}}");
        assertThat(ignored.getInt64("a")).isEqualTo(1L);
        assertThat(ignored.getStruct("inner").get("b")).isNull();
        assertThatThrownBy(() -> convert(flat, ExtraFields.REJECT, "{\"a\": 1, \"zz\": [1]}"))
                .isInstanceOf(DataException.class).hasMessage("field 'zz' is not in the schema");
        assertThatThrownBy(() -> convert(flat, ExtraFields.REJECT, "{\"a\": 1, \"inner\": {\"c\": 2}}"))
                .isInstanceOf(DataException.class).hasMessage("field 'inner.c' is not in the schema");
        // an optional field missing is not an extra one
        assertThat(convert(flat, ExtraFields.REJECT, "{\"a\": 1}").get("inner")).isNull();
    }

    @Test
    void anEventThatIsNoObjectOrNoJsonIsRefused() {
        assertThatThrownBy(() -> convert(ORDER, ExtraFields.IGNORE, "[1]"))
                .isInstanceOf(DataException.class).hasMessage("the event should be a JSON object but is a JSON array");
        assertThatThrownBy(() -> convert(ORDER, ExtraFields.IGNORE, "{\"id\": "))
                .isInstanceOf(IOException.class);
    }

    @Test
    void schemaFromTheCompactAndKafkaJsonForms() {
        Schema compact = JsonStructs.schema("id:int64, amount:decimal(2), note:string?", "tributary.Event");
        assertThat(compact.name()).isEqualTo("tributary.Event");
        assertThat(compact.field("note").schema().isOptional()).isTrue();
        assertThat(compact.field("amount").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        Schema kafka = JsonStructs.schema("""
                {"type":"struct","name":"shop.Order","fields":[{"field":"id","type":"int64"},
                 {"field":"tags","type":"array","items":{"type":"string"},"optional":true}]}""", "x");
        assertThat(kafka.name()).isEqualTo("shop.Order");
        assertThat(kafka.field("tags").schema().type()).isEqualTo(Schema.Type.ARRAY);
        assertThatThrownBy(() -> JsonStructs.schema("{\"type\":\"string\"}", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("struct");
    }

    @Test
    void schemaFromAnAvroRecord() {
        Schema s = JsonStructs.schema("""
                {"type":"record","name":"Click","namespace":"shop","fields":[
                  {"name":"id","type":"long"},
                  {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"page","type":["null","string"],"default":null},
                  {"name":"geo","type":{"type":"record","name":"Geo","fields":[{"name":"lat","type":"double"}]}}]}
                """, "ignored");
        assertThat(s.name()).isEqualTo("shop.Click");
        assertThat(s.field("at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(s.field("page").schema().isOptional()).isTrue();
        assertThat(s.field("geo").schema().field("lat").schema().type()).isEqualTo(Schema.Type.FLOAT64);
    }

    @Test
    void schemaFromAJsonSchema() throws IOException {
        Schema s = JsonStructs.schema("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"shop event","type":"object",
                 "required":["id","at","user"],
                 "properties":{
                   "id":{"type":"integer"},
                   "n":{"type":"integer","format":"int32"},
                   "price":{"type":["number","null"]},
                   "at":{"type":"string","format":"date-time"},
                   "kind":{"enum":["a","b"]},
                   "user":{"$ref":"#/$defs/user"},
                   "items":{"type":"array","items":{"type":"string"}},
                   "attrs":{"type":"object","additionalProperties":{"type":"string"}},
                   "flag":{"anyOf":[{"type":"null"},{"type":"boolean"}]}},
                 "$defs":{"user":{"type":"object","required":["id"],"properties":{"id":{"type":"string"}}}}}
                """, "x");
        assertThat(s.name()).isEqualTo("shop_event");
        assertThat(s.field("id").schema()).isEqualTo(Schema.INT64_SCHEMA);
        assertThat(s.field("n").schema().type()).isEqualTo(Schema.Type.INT32);
        assertThat(s.field("n").schema().isOptional()).isTrue();
        assertThat(s.field("price").schema().type()).isEqualTo(Schema.Type.FLOAT64);
        assertThat(s.field("at").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(s.field("at").schema().isOptional()).isFalse();
        assertThat(s.field("kind").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(s.field("user").schema().isOptional()).isFalse();
        assertThat(s.field("user").schema().field("id").schema().isOptional()).isFalse();
        assertThat(s.field("items").schema().valueSchema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(s.field("attrs").schema().type()).isEqualTo(Schema.Type.MAP);
        assertThat(s.field("flag").schema().type()).isEqualTo(Schema.Type.BOOLEAN);
        assertThat(s.field("flag").schema().isOptional()).isTrue();

        byte[] event = """
                {"id": 7, "at": "2026-12-07T10:00:00Z", "user": {"id": "u"}, "attrs": {"k": "v"}, "extra": 1}"""
                .getBytes(StandardCharsets.UTF_8);
        Struct struct = new JsonStructs(s, ExtraFields.IGNORE).convert(event, 0, event.length);
        assertThat(struct.getStruct("user").getString("id")).isEqualTo("u");
        assertThat(struct.getMap("attrs")).isEqualTo(Map.of("k", "v"));
        struct.validate();
    }

    @Test
    void jsonSchemasWithoutAConnectShapeAreRefusedWithThePath() {
        assertThatThrownBy(() -> JsonStructs.schema("""
                {"type":"object","properties":{"a":{"type":["string","integer"]}}}""", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$.a");
        assertThatThrownBy(() -> JsonStructs.schema("""
                {"type":"object","properties":{"a":{"$ref":"#/a"}}, "a": {"$ref":"#/a"}}""", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recursive");
        assertThatThrownBy(() -> JsonStructs.schema("""
                {"type":"object","properties":{"a":{"$ref":"https://example.com/s.json"}}}""", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("local");
    }
}
