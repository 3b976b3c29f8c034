package io.tributary.connect.sink.http.render;

import io.tributary.connect.sink.http.config.HttpSinkConfig.BatchFormat;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** Joins the records' bodies into one request body, as {@code batch.format} says. */
public final class BodyFormat {

    private BodyFormat() {
    }

    public static byte[] join(BatchFormat format, List<RenderedRecord> records) {
        if (format == BatchFormat.SINGLE) {
            return records.get(0).body();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size(records) + records.size() + 2);
        if (format == BatchFormat.JSON_ARRAY) {
            out.write('[');
        }
        for (int i = 0; i < records.size(); i++) {
            if (i > 0 && format == BatchFormat.JSON_ARRAY) {
                out.write(',');
            }
            out.writeBytes(records.get(i).body());
            if (format == BatchFormat.NDJSON) {
                out.write('\n');
            }
        }
        if (format == BatchFormat.JSON_ARRAY) {
            out.write(']');
        }
        return out.toByteArray();
    }

    private static int size(List<RenderedRecord> records) {
        int size = 0;
        for (RenderedRecord record : records) {
            size += record.body().length;
        }
        return size;
    }
}
