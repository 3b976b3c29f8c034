package io.tributary.connect.sink.clickhouse.write;

import io.tributary.connect.sink.clickhouse.convert.ConversionException;
import io.tributary.connect.sink.clickhouse.convert.EncoderOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRowsTest {

    private static String write(JsonRows rows, Object value) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        rows.write(out, value, "t\"x", 2, 41L);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonTextPassesThroughWithTheOffsetsSplicedIn() throws Exception {
        JsonRows rows = new JsonRows(EncoderOptions.OffsetColumns.underscored());
        assertThat(write(rows, "  {\"a\":1,\"b\":\"x\"} "))
                .isEqualTo("{\"_topic\":\"t\\\"x\",\"_partition\":2,\"_offset\":41,\"a\":1,\"b\":\"x\"}\n");
        assertThat(write(rows, "{}")).isEqualTo("{\"_topic\":\"t\\\"x\",\"_partition\":2,\"_offset\":41}\n");
        assertThat(write(new JsonRows(null), "{\"a\":1}")).isEqualTo("{\"a\":1}\n");
    }

    @Test
    void mapsAreWrittenWithTheOffsetsFirst() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("n", 5L);
        value.put("tags", List.of("a", "b"));
        value.put("none", null);
        assertThat(write(new JsonRows(EncoderOptions.OffsetColumns.underscored()), value)).isEqualTo(
                "{\"_topic\":\"t\\\"x\",\"_partition\":2,\"_offset\":41,\"n\":5,\"tags\":[\"a\",\"b\"],\"none\":null}\n");
    }

    @Test
    void textThatIsNotOneObjectOnOneLineIsRefused() {
        JsonRows rows = new JsonRows(null);
        assertThatThrownBy(() -> write(rows, "[1,2]")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> write(rows, "{\"a\":\n1}")).isInstanceOf(ConversionException.class);
        assertThatThrownBy(() -> write(rows, "")).isInstanceOf(ConversionException.class);
    }
}
