package io.tributary.connect.sink.file.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.connect.common.data.JsonData;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One JSON value per line: Structs and maps as objects, logical types as in {@link JsonData#write}. A tombstone
 * (null value) is written as {@code null}.
 */
final class JsonLinesFormat implements FileFormat {

    @Override
    public String extension() {
        return ".jsonl";
    }

    @Override
    public RecordFileWriter open(OutputStream out, SinkRecord first) throws IOException {
        return new Writer(out);
    }

    /**
     * One generator for the whole file, writing each record into a buffer that is copied to the file only when the
     * record is complete: a record that fails half-way leaves the file untouched (and gets a fresh generator, since
     * the old one is mid-object).
     */
    private static final class Writer implements RecordFileWriter {
        private final OutputStream out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        private JsonGenerator gen;

        Writer(OutputStream out) throws IOException {
            this.out = out;
            this.gen = generator();
        }

        private JsonGenerator generator() throws IOException {
            JsonGenerator generator = JsonData.FACTORY.createGenerator(line, JsonEncoding.UTF8);
            generator.setRootValueSeparator(null);
            return generator;
        }

        @Override
        public boolean accepts(SinkRecord record) {
            return true;
        }

        @Override
        public void write(SinkRecord record) throws IOException {
            line.reset();
            try {
                JsonData.write(gen, record.valueSchema(), record.value());
                gen.flush();
            } catch (RuntimeException | IOException e) {
                gen = generator();
                throw e;
            }
            line.write('\n');
            line.writeTo(out);
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }
    }
}
