package io.tributary.connect.sink.file.format;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ArrowCodecsTest {

    /** Compressible bytes: words from a small alphabet. */
    private static byte[] data(int length) {
        byte[] data = new byte[length];
        Random random = new Random(length);
        for (int i = 0; i < length; i++) {
            data[i] = (byte) ('a' + random.nextInt(4));
        }
        return data;
    }

    /** The frame descriptor's BD byte (after the 4-byte magic and FLG): the block size indicator in bits 4-6. */
    private static int blockSizeIndicator(byte[] frame) {
        return (frame[5] >> 4) & 0x7;
    }

    @Test
    void lz4FramesUseTheSmallestBlockSizeThatHoldsTheBufferAndReadBack() {
        int[][] cases = {{1, 4}, {4_000, 4}, {65_536, 4}, {65_537, 5}, {262_144, 5}, {300_000, 6}, {1_048_577, 7},
                {5_000_000, 7}};
        for (int[] c : cases) {
            byte[] data = data(c[0]);
            byte[] frame = ArrowCodecs.lz4Frame(data);
            assertThat(blockSizeIndicator(frame)).as(c[0] + " bytes").isEqualTo(c[1]);
            assertThat(ArrowCodecs.unLz4Frame(frame, data.length)).as(c[0] + " bytes read back").isEqualTo(data);
        }
    }

    /** Allocation, not time: a 4 MB block's buffers were about 8 MB of heap for every buffer compressed. */
    @Test
    void aSmallBufferAllocatesLittleHeapToCompress() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] data = data(4_000);
        ArrowCodecs.lz4Frame(data);
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10; i++) {
            ArrowCodecs.lz4Frame(data);
        }
        long perBuffer = (threads.getCurrentThreadAllocatedBytes() - before) / 10;
        assertThat(perBuffer).as("heap allocated per 4,000-byte buffer").isLessThan(1_000_000);
    }
}
