package io.tributary.connect.source.websocket.client.convert;

import com.fasterxml.jackson.core.JsonPointer;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.MessageFormat;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.OutputFormat;
import io.tributary.connect.source.websocket.client.connection.Frame;
import io.tributary.connect.source.websocket.client.connection.Frame.Kind;
import io.tributary.connect.source.websocket.client.connection.Gap;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FrameConverterTest {

    private static final String URL = "ws://127.0.0.1:9/feed";

    private static FrameConverter converter(MessageFormat format, OutputFormat output, String key, String time) {
        return new FrameConverter(new ConversionSettings("events", "events-dlq", 8, format, output,
                key == null ? null : JsonPointer.compile(key), time == null ? null : JsonPointer.compile(time),
                "feed", 2));
    }

    private static FrameConverter strings() {
        return converter(MessageFormat.JSON, OutputFormat.STRING, null, null);
    }

    private static Frame text(long sequence, String text, Gap gap) {
        return new Frame(URL, sequence, 1_000 + sequence, Kind.TEXT, text, null,
                text.getBytes(StandardCharsets.UTF_8).length, null, gap);
    }

    private static List<SourceRecord> convert(FrameConverter converter, Frame... frames) {
        List<SourceRecord> out = new ArrayList<>();
        for (Frame frame : frames) {
            converter.convert(frame, out);
        }
        return out;
    }

    private static Object header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : header.value();
    }

    @Test
    void eachEventKeepsItsTextAsSent() {
        List<SourceRecord> records = convert(strings(), text(1, "  {\"a\": [1, 2]} ", null),
                text(2, "[\"x\", 12.5e1, {\"b\":null}, true]", null));
        assertThat(records).extracting(SourceRecord::value)
                .containsExactly("{\"a\": [1, 2]}", "\"x\"", "12.5e1", "{\"b\":null}", "true");
        assertThat(records).extracting(r -> (Long) r.sourceOffset().get("received"))
                .containsExactly(1L, 2L, 2L, 2L, 2L);
    }

    @Test
    void mapsKeysAndTimesComeFromThePointers() {
        FrameConverter converter = converter(MessageFormat.JSON, OutputFormat.MAP, "/user/id", "/at");
        List<SourceRecord> records = convert(converter, text(1,
                "[{\"user\":{\"id\":7},\"at\":\"2024-01-01T00:00:00+01:00\"},{\"user\":{\"id\":\"u8\"}}]", null));
        assertThat(records.get(0).value())
                .isEqualTo(Map.of("user", Map.of("id", 7L), "at", "2024-01-01T00:00:00+01:00"));
        assertThat(records.get(0).key()).isEqualTo("7");
        assertThat(records.get(0).timestamp()).isEqualTo(1704063600000L);
        assertThat(records.get(1).key()).isEqualTo("u8");
        assertThat(records.get(1).timestamp()).as("no time in the event: the receive time").isEqualTo(1_001L);
    }

    @Test
    void textMessagesAreTakenWhole() {
        FrameConverter converter = converter(MessageFormat.TEXT, OutputFormat.STRING, null, null);
        assertThat(convert(converter, text(1, "not json {", null))).extracting(SourceRecord::value)
                .containsExactly("not json {");
    }

    @Test
    void aMalformedJsonMessageIsOneDeadLetterEvenWhenPartOfItWasGood() {
        List<SourceRecord> records = convert(strings(), text(1, "[{\"a\":1}, {\"b\":", null), text(2, "", null),
                text(3, "{} {}", null));
        assertThat(records).extracting(SourceRecord::topic).containsOnly("events-dlq").hasSize(3);
        SourceRecord first = records.get(0);
        assertThat(new String((byte[]) first.value(), StandardCharsets.UTF_8)).as("cut to dlq.max.value.bytes")
                .isEqualTo("[{\"a\":1}");
        assertThat(header(first, ErrorHeaders.ERROR_TRUNCATED)).isEqualTo("true");
        assertThat(header(first, ErrorHeaders.SOURCE_URL)).isEqualTo(URL);
        assertThat(header(first, ErrorHeaders.TASK)).isEqualTo(2);
        assertThat(header(first, ErrorHeaders.SOURCE_RECORD_INDEX)).as("the whole message failed").isNull();
        assertThat((String) header(records.get(1), ErrorHeaders.ERROR_MESSAGE)).contains("empty message");
        assertThat((String) header(records.get(2), ErrorHeaders.ERROR_MESSAGE)).contains("more than one JSON value");
        assertThat(first.sourcePartition()).isEqualTo(Map.of("url", URL));
    }

    @Test
    void binaryOversizedAndRefusedMessagesAreDeadLettersWithTheirLengths() {
        Frame binary = new Frame(URL, 1, 5, Kind.BINARY, null, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 300, null, null);
        Frame tooLarge = new Frame(URL, 2, 6, Kind.TOO_LARGE, null, "{\"a\":\"xx".getBytes(StandardCharsets.UTF_8),
                2_000_000, null, null);
        Frame refused = new Frame(URL, 3, 7, Kind.PROTOCOL_ERROR, null, new byte[0], 0, "Invalid UTF-8 in frame TEXT",
                null);
        List<SourceRecord> records = convert(strings(), binary, tooLarge, refused);
        assertThat(records).extracting(r -> header(r, ErrorHeaders.ERROR_STAGE)).containsExactly("frame", "frame",
                "protocol");
        assertThat(records).extracting(r -> header(r, ErrorHeaders.ORIGINAL_LENGTH)).containsExactly(300L, 2_000_000L,
                null);
        assertThat((String) header(records.get(1), ErrorHeaders.ERROR_MESSAGE)).contains("websocket.message.max.bytes");
        assertThat((String) header(records.get(2), ErrorHeaders.ERROR_MESSAGE)).contains("Invalid UTF-8");
        assertThat(header(records.get(2), ErrorHeaders.ERROR_CLASS)).isEqualTo("java.net.ProtocolException");
        assertThat((byte[]) records.get(2).value()).isEmpty();
    }

    @Test
    void theGapGoesOnTheFirstRecordAfterItEvenWhenTheFirstMessageAfterItWasBad() {
        Gap gap = new Gap(500, 120);
        List<SourceRecord> records = convert(strings(), text(1, "{\"a\":1}", null), text(2, "{bad", gap),
                text(3, "[{\"a\":2},{\"a\":3}]", null));
        assertThat(records).extracting(SourceRecord::topic).containsExactly("events", "events-dlq", "events", "events");
        assertThat(header(records.get(1), "tributary.gap.ms")).as("not on the dead letter").isNull();
        assertThat(header(records.get(2), "tributary.gap.ms")).isEqualTo(120L);
        assertThat(header(records.get(2), "tributary.gap.start")).isEqualTo(500L);
        assertThat(header(records.get(3), "tributary.gap.ms")).isNull();
    }

    @Test
    void gapsNotYetReportedAddUp() {
        List<SourceRecord> records = convert(strings(), text(1, "{bad", new Gap(500, 100)),
                text(2, "{\"a\":1}", new Gap(900, 50)));
        assertThat(header(records.get(1), "tributary.gap.start")).isEqualTo(500L);
        assertThat(header(records.get(1), "tributary.gap.ms")).isEqualTo(150L);
    }
}
