package io.tributary.connect.source.file.read;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineSplitterTest {

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Line line) {
        return new String(line.buffer(), line.offset(), line.length(), StandardCharsets.UTF_8);
    }

    private static List<String> all(LineSplitter splitter, boolean complete) throws IOException {
        List<String> out = new ArrayList<>();
        Line line;
        while ((line = splitter.next(complete)) != null) {
            out.add(text(line) + "@" + line.startPosition() + "-" + line.endPosition() + "#" + line.number());
        }
        return out;
    }

    @Test
    void splitsLinesAndTracksTheByteAfterEachTerminator() throws IOException {
        LineSplitter splitter = new LineSplitter(bytes("ab\r\nc\n\nxyz"), 0, 0, 100, 100);
        assertThat(all(splitter, true)).containsExactly("ab@0-4#1", "c@4-6#2", "@6-7#3", "xyz@7-10#4");
        assertThat(splitter.exhausted()).isTrue();
        assertThat(splitter.position()).isEqualTo(10);
    }

    @Test
    void anUnterminatedLastLineWaitsWhileTheFileMayGrow() throws IOException {
        LineSplitter splitter = new LineSplitter(bytes("one\ntwo"), 0, 0, 100, 100);
        assertThat(all(splitter, false)).containsExactly("one@0-4#1");
        assertThat(splitter.position()).isEqualTo(4);
        assertThat(splitter.exhausted()).isFalse();
    }

    @Test
    void resumingAtAPositionContinuesPositionsAndLineNumbers() throws IOException {
        LineSplitter splitter = new LineSplitter(bytes("c\nd\n"), 40, 7, 100, 100);
        assertThat(all(splitter, true)).containsExactly("c@40-42#8", "d@42-44#9");
    }

    @Test
    void skipsAUtf8ByteOrderMarkAtTheStartOfAFile() throws IOException {
        byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', '\n', 'b', '\n'};
        LineSplitter splitter = new LineSplitter(new ByteArrayInputStream(withBom), 0, 0, 100, 100);
        assertThat(all(splitter, true)).containsExactly("a@3-5#1", "b@5-7#2");
    }

    @Test
    void anOversizedLineIsTruncatedAndReadingGoesOnAfterIt() throws IOException {
        String huge = "x".repeat(10 * 1024 * 1024);
        LineSplitter splitter = new LineSplitter(bytes("before\n" + huge + "\nafter\n"), 0, 0, 1_000, 16);
        assertThat(text(splitter.next(true))).isEqualTo("before");
        Line big = splitter.next(true);
        assertThat(big.truncated()).isTrue();
        assertThat(big.length()).isEqualTo(16);
        assertThat(big.originalLength()).isEqualTo(huge.length());
        assertThat(big.startPosition()).isEqualTo(7);
        assertThat(big.endPosition()).isEqualTo(7 + huge.length() + 1);
        Line after = splitter.next(true);
        assertThat(text(after)).isEqualTo("after");
        assertThat(after.number()).isEqualTo(3);
    }

    @Test
    void anOversizedLastLineWithoutNewlineEndsAtEndOfInput() throws IOException {
        LineSplitter splitter = new LineSplitter(bytes("y".repeat(5_000)), 0, 0, 1_000, 8);
        Line line = splitter.next(true);
        assertThat(line.truncated()).isTrue();
        assertThat(line.originalLength()).isEqualTo(5_000);
        assertThat(line.endPosition()).isEqualTo(5_000);
        assertThat(splitter.next(true)).isNull();
        assertThat(splitter.exhausted()).isTrue();
    }

    @Test
    void linesWrittenLaterAreFoundOnLaterCalls() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(writer, 1 << 16);
        // A tailed file returns end-of-input until it grows; emulate with a stream that returns -1 when empty.
        InputStream growing = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return pipe.available() == 0 ? -1 : pipe.read(b, off, Math.min(len, pipe.available()));
            }
        };
        LineSplitter splitter = new LineSplitter(growing, 0, 0, 100, 100);
        writer.write("first\nsec".getBytes(StandardCharsets.UTF_8));
        assertThat(text(splitter.next(false))).isEqualTo("first");
        assertThat(splitter.next(false)).isNull();
        writer.write("ond\n".getBytes(StandardCharsets.UTF_8));
        Line second = splitter.next(false);
        assertThat(text(second)).isEqualTo("second");
        assertThat(second.startPosition()).isEqualTo(6);
        assertThat(second.endPosition()).isEqualTo(13);
    }
}
