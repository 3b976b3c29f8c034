package io.tributary.connect.sink.http;

import io.tributary.connect.sink.http.template.RecordJson;
import io.tributary.connect.sink.http.template.RecordJson.DecimalFormat;
import io.tributary.connect.sink.http.template.RecordJson.TimestampFormat;
import io.tributary.connect.sink.http.template.RecordTemplate;
import io.tributary.connect.sink.http.template.RecordTemplate.Encoding;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Structs as a registry converter gives them (logical types, nesting, optional nulls) written as JSON. */
class RecordJsonTest {

    private static final Schema ADDRESS = SchemaBuilder.struct().name("com.example.Address")
            .field("city", Schema.STRING_SCHEMA).field("zip", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ORDER = SchemaBuilder.struct().name("com.example.Order")
            .field("id", Schema.INT64_SCHEMA)
            .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "10").build())
            .field("rate", Decimal.builder(8).optional().build())
            .field("at", Timestamp.SCHEMA)
            .field("day", Date.SCHEMA)
            .field("clock", Time.SCHEMA)
            .field("blob", Schema.BYTES_SCHEMA)
            .field("address", ADDRESS)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("counts", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private static Struct order() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("a", 1L);
        counts.put("b", 2L);
        return new Struct(ORDER)
                .put("id", 7L)
                .put("amount", new BigDecimal("1234.50"))
                .put("rate", new BigDecimal("0.00000001"))
                .put("at", new java.util.Date(1_714_564_800_250L))      // 2024-05-01T12:00:00.250Z
                .put("day", new java.util.Date(19_844L * 86_400_000L))   // 2024-05-01
                .put("clock", new java.util.Date(43_200_250L))           // 12:00:00.250
                .put("blob", "hi?".getBytes(StandardCharsets.UTF_8))
                .put("address", new Struct(ADDRESS).put("city", "Lyon"))
                .put("tags", List.of("x", "y"))
                .put("counts", counts);
    }

    @Test
    void byDefaultDecimalsAreExactPlainNumbersAndTimesIsoStrings() {
        assertThat(RecordJson.DEFAULT.write(ORDER, order())).isEqualTo("{\"id\":7,\"amount\":1234.50,"
                + "\"rate\":0.00000001,\"at\":\"2024-05-01T12:00:00.250Z\",\"day\":\"2024-05-01\","
                + "\"clock\":\"12:00:00.250\",\"blob\":\"aGk/\",\"address\":{\"city\":\"Lyon\",\"zip\":null},"
                + "\"tags\":[\"x\",\"y\"],\"counts\":{\"a\":1,\"b\":2},\"note\":null}");
    }

    @Test
    void decimalsAsStringsAndTimesAsEpochMillisWhenConfigured() {
        RecordJson json = new RecordJson(DecimalFormat.STRING, TimestampFormat.EPOCH_MILLIS);
        assertThat(json.write(ORDER, order())).isEqualTo("{\"id\":7,\"amount\":\"1234.50\","
                + "\"rate\":\"0.00000001\",\"at\":1714564800250,\"day\":1714521600000,\"clock\":43200250,"
                + "\"blob\":\"aGk/\",\"address\":{\"city\":\"Lyon\",\"zip\":null},"
                + "\"tags\":[\"x\",\"y\"],\"counts\":{\"a\":1,\"b\":2},\"note\":null}");
    }

    @Test
    void nestedLogicalTypesFollowTheSameChoice() {
        Schema schema = SchemaBuilder.struct()
                .field("prices", SchemaBuilder.array(Decimal.schema(1)).build())
                .field("seen", SchemaBuilder.map(Schema.STRING_SCHEMA, Timestamp.SCHEMA).build()).build();
        Struct value = new Struct(schema).put("prices", List.of(new BigDecimal("2.5")))
                .put("seen", Map.of("k", new java.util.Date(1000L)));
        assertThat(new RecordJson(DecimalFormat.STRING, TimestampFormat.EPOCH_MILLIS).write(schema, value))
                .isEqualTo("{\"prices\":[\"2.5\"],\"seen\":{\"k\":1000}}");
        assertThat(RecordJson.DEFAULT.write(schema, value))
                .isEqualTo("{\"prices\":[2.5],\"seen\":{\"k\":\"1970-01-01T00:00:01Z\"}}");
    }

    @Test
    void templatesUseTheConfiguredFormatsInBodiesAndUrls() {
        RecordJson json = new RecordJson(DecimalFormat.STRING, TimestampFormat.EPOCH_MILLIS);
        SinkRecord record = new SinkRecord("orders", 0, null, null, ORDER, order(), 5L);
        assertThat(RecordTemplate.parse("http.body.template", "{\"a\": {{value.amount}}, \"t\": {{value.at}}}", json)
                .render(record, Encoding.JSON)).isEqualTo("{\"a\": \"1234.50\", \"t\": 1714564800250}");
        assertThat(RecordTemplate.parse("http.url", "/o/{{value.at}}/{{value.amount}}", json)
                .render(record, Encoding.URL)).isEqualTo("/o/1714564800250/1234.50");
        assertThat(RecordTemplate.parse("http.url", "/o/{{value.at}}").render(record, Encoding.URL))
                .isEqualTo("/o/2024-05-01T12%3A00%3A00.250Z");
    }
}
