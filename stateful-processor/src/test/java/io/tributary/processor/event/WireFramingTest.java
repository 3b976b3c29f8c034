package io.tributary.processor.event;

import io.tributary.processor.config.JobSpec.WireFormat;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireFramingTest {

    private static final byte[] BODY = {2, 'a', 42};

    private static byte[] apicurioId(long globalId) {
        return ByteBuffer.allocate(9 + BODY.length).put((byte) 0).putLong(globalId).put(BODY).array();
    }

    private static byte[] confluent(int id) {
        return ByteBuffer.allocate(5 + BODY.length).put((byte) 0).putInt(id).put(BODY).array();
    }

    private static RecordHeaders globalIdHeader(long globalId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(WireFraming.GLOBAL_ID_HEADER, ByteBuffer.allocate(8).putLong(globalId).array());
        return headers;
    }

    @Test
    void autoReadsAnEightByteGlobalIdWhenItsFirstFourBytesAreZero() {
        assertThat(WireFraming.of(WireFormat.AUTO, new RecordHeaders(), apicurioId(7)))
                .isEqualTo(new WireFraming.SchemaId(false, 7, 9));
        assertThat(WireFraming.of(WireFormat.AUTO, null, apicurioId(0xFFFF_FFFFL)))
                .isEqualTo(new WireFraming.SchemaId(false, 0xFFFF_FFFFL, 9));
    }

    @Test
    void autoReadsAFourByteContentIdOtherwise() {
        assertThat(WireFraming.of(WireFormat.AUTO, new RecordHeaders(), confluent(7)))
                .isEqualTo(new WireFraming.SchemaId(true, 7, 5));
        // An id whose low byte only is set, with a body that starts with zero bytes: still four bytes, not eight.
        byte[] zeros = ByteBuffer.allocate(13).put((byte) 0).putInt(1).putLong(0).array();
        assertThat(WireFraming.of(WireFormat.AUTO, null, zeros)).isEqualTo(new WireFraming.SchemaId(true, 1, 5));
        assertThat(WireFraming.of(WireFormat.AUTO, null, confluent(-1)))
                .isEqualTo(new WireFraming.SchemaId(true, 0xFFFF_FFFFL, 5));
    }

    @Test
    void autoPrefersTheGlobalIdHeader() {
        assertThat(WireFraming.of(WireFormat.AUTO, globalIdHeader(12), BODY))
                .isEqualTo(new WireFraming.SchemaId(false, 12, 0));
    }

    @Test
    void autoRefusesAValueWithoutMagicByteOrId() {
        assertThatThrownBy(() -> WireFraming.of(WireFormat.AUTO, null, "{\"a\":1}".getBytes()))
                .isInstanceOf(BadEvent.class).hasMessageContaining("carries no schema id");
        assertThatThrownBy(() -> WireFraming.of(WireFormat.AUTO, null, new byte[] {0, 0, 0, 0, 0}))
                .isInstanceOf(BadEvent.class).hasMessageContaining("carries no schema id");
        assertThatThrownBy(() -> WireFraming.of(WireFormat.AUTO, null, new byte[] {0, 0, 1}))
                .isInstanceOf(BadEvent.class).hasMessageContaining("carries no schema id");
    }

    @Test
    void anExplicitFramingReadsOnlyItsOwnIdAndIgnoresTheOthers() {
        byte[] framed = confluent(7);
        assertThat(WireFraming.of(WireFormat.CONFLUENT, globalIdHeader(12), framed))
                .isEqualTo(new WireFraming.SchemaId(true, 7, 5));
        assertThat(WireFraming.of(WireFormat.CONFLUENT, null, apicurioId(7)))
                .isEqualTo(new WireFraming.SchemaId(true, 0, 5));
        assertThat(WireFraming.of(WireFormat.APICURIO_ID, globalIdHeader(12), apicurioId(7)))
                .isEqualTo(new WireFraming.SchemaId(false, 7, 9));
        byte[] confluentWithLongerBody = ByteBuffer.allocate(13).put((byte) 0).putInt(1).putLong(0).array();
        assertThat(WireFraming.of(WireFormat.APICURIO_ID, null, confluentWithLongerBody).id()).isEqualTo(1L << 32);
        assertThat(WireFraming.of(WireFormat.APICURIO_HEADER, globalIdHeader(12), apicurioId(7)))
                .isEqualTo(new WireFraming.SchemaId(false, 12, 0));
    }

    @Test
    void anExplicitFramingRefusesARecordWithoutIt() {
        assertThatThrownBy(() -> WireFraming.of(WireFormat.APICURIO_HEADER, new RecordHeaders(), apicurioId(7)))
                .isInstanceOf(BadEvent.class).hasMessageContaining("no apicurio.value.globalId header")
                .hasMessageContaining("apicurio-header");
        assertThatThrownBy(() -> WireFraming.of(WireFormat.APICURIO_ID, null, confluent(7)))
                .isInstanceOf(BadEvent.class).hasMessageContaining("8-byte global id");
        assertThatThrownBy(() -> WireFraming.of(WireFormat.CONFLUENT, null, BODY))
                .isInstanceOf(BadEvent.class).hasMessageContaining("4-byte id (input.wire.format confluent)");
        assertThat(new BadEvent("schema", "x").stage()).isEqualTo("schema");
    }
}
