package io.tributary.bench.clickhouse;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * The benchmark's rows ({@code event_id String, user_id UInt64, ts DateTime, amount Float64, type String}), drawn
 * once from a fixed seed and held column by column, so that every subject gets the same rows: as a file for
 * {@code clickhouse-client} (TabSeparated, RowBinary, JSONEachRow) and as Kafka record values (a JSON object per
 * record, or the same object in JsonConverter's schema envelope).
 */
final class BenchRows {

    static final String COLUMNS = "event_id String, user_id UInt64, ts DateTime, amount Float64, type String";

    private static final String[] TYPES = {"page_view", "click", "search", "add_to_cart", "purchase", "login",
        "logout", "signup"};
    private static final byte[][] TYPE_BYTES = new byte[TYPES.length][];
    /** 2026-12-01T00:00:00Z: the rows' times spread over the day after it. */
    private static final long FIRST_SECOND = LocalDate.of(2026, 12, 1).toEpochDay() * 86_400L;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String SCHEMA = "{\"type\":\"struct\",\"name\":\"event\",\"optional\":false,\"fields\":["
            + "{\"field\":\"event_id\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"user_id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"ts\",\"type\":\"int64\",\"optional\":false,"
            + "\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1},"
            + "{\"field\":\"amount\",\"type\":\"double\",\"optional\":false},"
            + "{\"field\":\"type\",\"type\":\"string\",\"optional\":false}]}";

    static {
        for (int i = 0; i < TYPES.length; i++) {
            TYPE_BYTES[i] = TYPES[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final long[] userIds;
    private final int[] seconds;
    private final int[] cents;
    private final byte[] types;

    private BenchRows(int count) {
        userIds = new long[count];
        seconds = new int[count];
        cents = new int[count];
        types = new byte[count];
    }

    static BenchRows generate(int count) {
        BenchRows rows = new BenchRows(count);
        SplittableRandom random = new SplittableRandom(20261201L);
        for (int i = 0; i < count; i++) {
            rows.userIds[i] = 1 + random.nextLong(5_000_000L);
            rows.seconds[i] = (int) ((long) i * 86_400 / count) + random.nextInt(60);
            rows.cents[i] = random.nextInt(100_000);
            rows.types[i] = (byte) random.nextInt(TYPES.length);
        }
        return rows;
    }

    int count() {
        return userIds.length;
    }

    /**
     * What the table must hold after the first {@code count} rows went in once each, as {@link #CHECK_QUERY}
     * answers it: count, distinct event ids, sum of user ids, sum of times, sum of amounts in cents, total length
     * of the types.
     */
    String expectedCheck(int count) {
        long users = 0;
        long times = 0;
        long amounts = 0;
        long typeLength = 0;
        for (int i = 0; i < count; i++) {
            users += userIds[i];
            times += FIRST_SECOND + seconds[i];
            amounts += cents[i];
            typeLength += TYPE_BYTES[types[i]].length;
        }
        return count + "\t" + count + "\t" + users + "\t" + times + "\t" + amounts + "\t" + typeLength;
    }

    /** The query whose answer {@link #expectedCheck} predicts (append the table name). */
    static final String CHECK_QUERY = "SELECT count(), uniqExact(event_id), sum(user_id), sum(toUInt64(ts)), "
            + "sum(toInt64(round(amount * 100))), sum(length(type)) FROM ";

    /** Row {@code i} as one JSON object on one line: a record value of the JSON topic, a line of JSONEachRow. */
    byte[] json(int i) {
        Text out = new Text(128);
        writeJsonObject(out, i, false);
        return out.bytes();
    }

    /** The Avro schema of {@link #avro}: what Apicurio's AvroConverter registers for the JSON rows' Connect schema. */
    static final String AVRO_SCHEMA = "{\"type\":\"record\",\"name\":\"event\",\"namespace\":\"io.tributary.bench\","
            + "\"fields\":[{\"name\":\"event_id\",\"type\":\"string\"},{\"name\":\"user_id\",\"type\":\"long\"},"
            + "{\"name\":\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
            + "{\"name\":\"amount\",\"type\":\"double\"},{\"name\":\"type\",\"type\":\"string\"}]}";

    /** Row {@code i} with {@link #AVRO_SCHEMA}'s fields, the same values as {@link #jsonWithSchema}. */
    org.apache.avro.generic.GenericRecord avro(int i, org.apache.avro.Schema schema) {
        org.apache.avro.generic.GenericRecord record = new org.apache.avro.generic.GenericData.Record(schema);
        record.put("event_id", new String(new Text(40).eventId(i).bytes(), StandardCharsets.US_ASCII));
        record.put("user_id", userIds[i]);
        record.put("ts", (FIRST_SECOND + seconds[i]) * 1000L);
        record.put("amount", cents[i] / 100.0);
        record.put("type", TYPES[types[i]]);
        return record;
    }

    /** Row {@code i} as JsonConverter's {@code {"schema": ..., "payload": ...}}; the time as a Connect Timestamp. */
    byte[] jsonWithSchema(int i) {
        Text out = new Text(700);
        out.ascii("{\"schema\":").ascii(SCHEMA).ascii(",\"payload\":");
        writeJsonObject(out, i, true);
        out.write('}');
        return out.bytes();
    }

    private void writeJsonObject(Text out, int i, boolean epochMillis) {
        out.ascii("{\"event_id\":\"").eventId(i).ascii("\",\"user_id\":").number(userIds[i]).ascii(",\"ts\":");
        if (epochMillis) {
            out.number((FIRST_SECOND + seconds[i]) * 1000L);
        } else {
            out.write('"').dateTime(FIRST_SECOND + seconds[i]).write('"');
        }
        out.ascii(",\"amount\":").amount(cents[i]).ascii(",\"type\":\"").bytes(TYPE_BYTES[types[i]]).ascii("\"}");
    }

    void writeTabSeparated(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Text line = new Text(128);
            for (int i = 0; i < count(); i++) {
                line.reset();
                line.eventId(i).write('\t').number(userIds[i]).write('\t').dateTime(FIRST_SECOND + seconds[i])
                        .write('\t').amount(cents[i]).write('\t').bytes(TYPE_BYTES[types[i]]).write('\n');
                line.writeTo(out);
            }
        }
    }

    void writeJsonEachRow(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < count(); i++) {
                out.write(json(i));
                out.write('\n');
            }
        }
    }

    /** RowBinary: String as a LEB128 length and bytes, UInt64, DateTime (UInt32 seconds), Float64, little-endian. */
    void writeRowBinary(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            byte[] row = new byte[128];
            for (int i = 0; i < count(); i++) {
                int n = 0;
                row[n++] = 20;
                n = eventId(row, n, i);
                n = littleEndian(row, n, userIds[i], 8);
                n = littleEndian(row, n, FIRST_SECOND + seconds[i], 4);
                n = littleEndian(row, n, Double.doubleToLongBits(cents[i] / 100.0), 8);
                byte[] type = TYPE_BYTES[types[i]];
                row[n++] = (byte) type.length;
                System.arraycopy(type, 0, row, n, type.length);
                n += type.length;
                out.write(row, 0, n);
            }
        }
    }

    private static int littleEndian(byte[] to, int at, long value, int bytes) {
        for (int b = 0; b < bytes; b++) {
            to[at + b] = (byte) (value >>> (8 * b));
        }
        return at + bytes;
    }

    /** "evt-" and 16 hex digits of a bijective mix of the row number: unique, and not in insertion order. */
    private static int eventId(byte[] to, int at, int i) {
        to[at++] = 'e';
        to[at++] = 'v';
        to[at++] = 't';
        to[at++] = '-';
        long z = (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        for (int d = 15; d >= 0; d--) {
            to[at++] = HEX[(int) (z >>> (4 * d)) & 0xF];
        }
        return at;
    }

    /** A growable ASCII buffer with the few writers the formats need (no String formatting per row). */
    private static final class Text {
        private byte[] buf;
        private int size;

        Text(int capacity) {
            buf = new byte[capacity];
        }

        Text write(int b) {
            ensure(1);
            buf[size++] = (byte) b;
            return this;
        }

        Text bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
        }

        Text ascii(String s) {
            return bytes(s.getBytes(StandardCharsets.US_ASCII));
        }

        Text number(long n) {
            return ascii(Long.toString(n));
        }

        Text eventId(int i) {
            ensure(20);
            size = BenchRows.eventId(buf, size, i);
            return this;
        }

        /** Cents as a decimal with two digits after the point: the exact text of {@code cents / 100.0}. */
        Text amount(int cents) {
            number(cents / 100).write('.');
            int fraction = cents % 100;
            return write('0' + fraction / 10).write('0' + fraction % 10);
        }

        /** YYYY-MM-DD hh:mm:ss, UTC. */
        Text dateTime(long epochSecond) {
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
            int second = (int) Math.floorMod(epochSecond, 86_400L);
            return number(day.getYear()).write('-').twoDigits(day.getMonthValue()).write('-')
                    .twoDigits(day.getDayOfMonth()).write(' ').twoDigits(second / 3600).write(':')
                    .twoDigits(second / 60 % 60).write(':').twoDigits(second % 60);
        }

        private Text twoDigits(int n) {
            return write('0' + n / 10).write('0' + n % 10);
        }

        void reset() {
            size = 0;
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(buf, size);
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(buf, 0, size);
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }
    }
}
