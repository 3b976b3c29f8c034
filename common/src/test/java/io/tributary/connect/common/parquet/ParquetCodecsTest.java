package io.tributary.connect.common.parquet;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParquetCodecsTest {

    private final ParquetCodecs codecs = new ParquetCodecs();

    private static byte[] page() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("event-").append(i % 97).append(',');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "SNAPPY", "ZSTD", "GZIP"})
    void aPageComesBackAsItWasWritten(CompressionCodecName codec) throws IOException {
        byte[] page = page();
        BytesInput compressed = codecs.getCompressor(codec).compress(BytesInput.from(page));
        if (codec != CompressionCodecName.UNCOMPRESSED) {
            assertThat(compressed.size()).isLessThan(page.length / 4);
        }
        BytesInputDecompressor decompressor = codecs.getDecompressor(codec);
        assertThat(decompressor.decompress(BytesInput.from(compressed.toByteArray()), page.length).toByteArray())
                .isEqualTo(page);
        ByteBuffer output = ByteBuffer.allocate(page.length);
        decompressor.decompress(ByteBuffer.wrap(compressed.toByteArray()), (int) compressed.size(), output,
                page.length);
        assertThat(output.array()).isEqualTo(page);
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY", "ZSTD", "GZIP"})
    void aCorruptPageFailsWithAnIoException(CompressionCodecName codec) throws IOException {
        byte[] compressed = codecs.getCompressor(codec).compress(BytesInput.from(page())).toByteArray();
        byte[] broken = Arrays.copyOf(compressed, compressed.length / 2);
        assertThatThrownBy(() -> codecs.getDecompressor(codec).decompress(BytesInput.from(broken), page().length))
                .isInstanceOf(IOException.class);
    }

    @Test
    void codecsOtherThanTheFourAreRefusedByName() {
        assertThat(ParquetCodecs.supports(CompressionCodecName.LZ4_RAW)).isFalse();
        assertThatThrownBy(() -> codecs.getCompressor(CompressionCodecName.BROTLI))
                .hasMessageContaining("BROTLI").hasMessageContaining("snappy, zstd, gzip");
    }
}
