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
    public RecordFileWriter open(OutputStream out, SinkRecord first) {
        return new RecordFileWriter() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);

            @Override
            public boolean accepts(SinkRecord record) {
                return true;
            }

            @Override
            public void write(SinkRecord record) throws IOException {
                line.reset();
                try (JsonGenerator gen = JsonData.FACTORY.createGenerator(line, JsonEncoding.UTF8)) {
                    JsonData.write(gen, record.valueSchema(), record.value());
                }
                line.write('\n');
                line.writeTo(out);
            }

            @Override
            public void finish() throws IOException {
                out.flush();
            }
        };
    }
}
