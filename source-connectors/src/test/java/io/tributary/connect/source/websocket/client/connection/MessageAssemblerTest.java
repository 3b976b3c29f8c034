package io.tributary.connect.source.websocket.client.connection;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MessageAssemblerTest {

    @Test
    void fragmentsOfATextMessageAreJoined() {
        MessageAssembler assembler = new MessageAssembler(100, 10);
        assembler.text("{\"id\":");
        assembler.text("1}");
        MessageAssembler.Message message = assembler.finish();
        assertThat(message.kind()).isEqualTo(Frame.Kind.TEXT);
        assertThat(message.text()).isEqualTo("{\"id\":1}");
        assertThat(message.length()).isEqualTo(8);
        assembler.text("next");
        assertThat(assembler.finish().text()).as("ready for the next message").isEqualTo("next");
    }

    @Test
    void aTextMessageOverTheLimitKeepsOnlyItsFirstBytes() {
        MessageAssembler assembler = new MessageAssembler(8, 5);
        assembler.text("abcdef");
        assembler.text("ghijkl");
        MessageAssembler.Message message = assembler.finish();
        assertThat(message.kind()).isEqualTo(Frame.Kind.TOO_LARGE);
        assertThat(new String(message.kept(), StandardCharsets.UTF_8)).isEqualTo("abcde");
        assertThat(message.length()).isEqualTo(12);
    }

    @Test
    void lengthsAreCountedInUtf8() {
        assertThat(MessageAssembler.utf8Length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
        MessageAssembler assembler = new MessageAssembler(5, 5);
        assembler.text("ééé");
        assertThat(assembler.finish().kind()).as("6 bytes in 3 chars").isEqualTo(Frame.Kind.TOO_LARGE);
    }

    @Test
    void aBinaryMessageKeepsItsFirstBytesAndItsLength() {
        MessageAssembler assembler = new MessageAssembler(100, 3);
        assembler.binary(ByteBuffer.wrap(new byte[] {1, 2}));
        assembler.binary(ByteBuffer.wrap(new byte[] {3, 4, 5}));
        MessageAssembler.Message message = assembler.finish();
        assertThat(message.kind()).isEqualTo(Frame.Kind.BINARY);
        assertThat(message.kept()).containsExactly(1, 2, 3);
        assertThat(message.length()).isEqualTo(5);
    }
}
