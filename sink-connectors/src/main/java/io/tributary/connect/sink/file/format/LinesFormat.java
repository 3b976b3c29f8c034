package io.tributary.connect.sink.file.format;

import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Values as they are, one per line: strings in UTF-8, bytes raw (what StringConverter and ByteArrayConverter give).
 * A tombstone is an empty line. Other values are refused: use 'json' for structured data.
 */
final class LinesFormat implements FileFormat {

    @Override
    public String extension() {
        return ".txt";
    }

    @Override
    public RecordFileWriter open(OutputStream out, SinkRecord first) {
        return new RecordFileWriter() {
            @Override
            public boolean accepts(SinkRecord record) {
                return true;
            }

            @Override
            public void write(SinkRecord record) throws IOException {
                byte[] bytes = bytesOf(record.value());
                out.write(bytes);
                out.write('\n');
            }

            @Override
            public void finish() throws IOException {
                out.flush();
            }
        };
    }

    private static byte[] bytesOf(Object value) {
        if (value == null) {
            return new byte[0];
        }
        if (value instanceof String) {
            return ((String) value).getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer copy = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        throw new DataException("format 'lines' writes strings and bytes; this value is a "
                + value.getClass().getSimpleName() + " (use format 'json')");
    }
}
