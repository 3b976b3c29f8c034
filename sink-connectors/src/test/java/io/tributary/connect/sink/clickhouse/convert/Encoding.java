package io.tributary.connect.sink.clickhouse.convert;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helpers: tables from column specs, one-field rows, bytes as hex. */
final class Encoding {

    static final ServerVersion V18 = ServerVersion.parse("18.16.1");
    static final ServerVersion V24 = ServerVersion.parse("24.8.4.13");
    static final EncoderOptions PLAIN = EncoderOptions.defaults(V18);

    private Encoding() {
    }

    /** A table from {@code "name Type"} or {@code "name Type MATERIALIZED expr"} specs. */
    static TableSchema table(String... specs) {
        List<Column> columns = new ArrayList<>();
        for (String spec : specs) {
            int space = spec.indexOf(' ');
            String rest = spec.substring(space + 1);
            String kind = "";
            for (String candidate : List.of(" DEFAULT ", " MATERIALIZED ", " ALIAS ")) {
                int at = rest.indexOf(candidate);
                if (at > 0) {
                    kind = candidate.trim();
                    rest = rest.substring(0, at);
                }
            }
            columns.add(new Column(spec.substring(0, space), ClickHouseType.parse(rest), kind, ""));
        }
        return new TableSchema("db.t", columns);
    }

    /** The RowBinary bytes of one value of {@code fieldSchema} written to a column of {@code columnType}. */
    static String encode(String columnType, Schema fieldSchema, Object value) {
        Schema schema = SchemaBuilder.struct().field("v", fieldSchema).build();
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table("v " + columnType), schema, PLAIN);
        return hex(write(encoder, new Struct(schema).put("v", value)));
    }

    static byte[] write(RowBinaryEncoder encoder, Struct value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            encoder.write(out, value, "events", 3, 42L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(HexFormat.of().toHexDigits(b));
        }
        return text.toString();
    }

    /** {@code n} copies of a hex byte, space-separated. */
    static String repeat(String hexByte, int n) {
        return String.join(" ", java.util.Collections.nCopies(n, hexByte));
    }
}
