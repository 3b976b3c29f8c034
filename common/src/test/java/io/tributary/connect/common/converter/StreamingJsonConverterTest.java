package io.tributary.connect.common.converter;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Differential: {@link StreamingJsonConverter} against Kafka's {@link JsonConverter} on seeded random schemas and
 * values, in every configuration (schemas on and off, each {@code decimal.format}, {@code replace.null.with.default}
 * on and off): the bytes written must be identical, and reading Kafka's bytes must give equal Connect data; when
 * Kafka's converter refuses something, ours must refuse it with a DataException too.
 */
class StreamingJsonConverterTest {

    private static final int ITERATIONS = 3_000;

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        for (boolean schemas : new boolean[]{true, false}) {
            for (String format : new String[]{"BASE64", "NUMERIC"}) {
                for (boolean replaceNull : new boolean[]{true, false}) {
                    all.add(Arguments.of(Map.of("schemas.enable", schemas, "decimal.format", format,
                            "replace.null.with.default", replaceNull)));
                }
            }
        }
        return all.stream();
    }

    static Converters converters(Map<String, ?> config) {
        JsonConverter kafka = new JsonConverter();
        kafka.configure(config, false);
        StreamingJsonConverter ours = new StreamingJsonConverter();
        ours.configure(config, false);
        return new Converters(kafka, ours);
    }

    record Converters(JsonConverter kafka, StreamingJsonConverter ours) {

        /** Both write the same bytes (or both refuse), then both read Kafka's bytes back alike. */
        void agreeOn(Schema schema, Object value, String what) {
            byte[] expected;
            try {
                expected = kafka.fromConnectData("t", schema, value);
            } catch (DataException kafkaRefused) {
                try {
                    byte[] actual = ours.fromConnectData("t", schema, value);
                    fail("Kafka refused " + what + " (" + kafkaRefused.getMessage() + ") but ours wrote "
                            + text(actual));
                } catch (DataException expectedToo) {
                    return;
                }
                return;
            }
            byte[] actual = ours.fromConnectData("t", schema, value);
            assertThat(text(actual)).as("written " + what).isEqualTo(text(expected));
            assertThat(actual).as("bytes of " + what).isEqualTo(expected);
            agreeOnReading(expected, what);
        }

        /**
         * Kafka's converter and ours read the message alike, twice: the second read of the same message takes the
         * path for an envelope start seen before (the payload parsed alone).
         */
        void agreeOnReading(byte[] message, String what) {
            for (int read = 1; read <= 2; read++) {
                agreeOnReadingOnce(message, what + " (read " + read + ")");
            }
        }

        private void agreeOnReadingOnce(byte[] message, String what) {
            SchemaAndValue expected;
            try {
                expected = kafka.toConnectData("t", message);
            } catch (DataException kafkaRefused) {
                try {
                    SchemaAndValue actual = ours.toConnectData("t", message);
                    fail("Kafka refused reading " + what + " " + text(message) + " (" + kafkaRefused.getMessage()
                            + ") but ours read " + actual);
                } catch (DataException expectedToo) {
                    return;
                }
                return;
            }
            SchemaAndValue actual;
            try {
                actual = ours.toConnectData("t", message);
            } catch (RuntimeException e) {
                throw new AssertionError("ours refused reading " + what + " " + text(message)
                        + " which Kafka read as " + expected, e);
            }
            assertSameSchema(actual.schema(), expected.schema(), "schema read from " + what + " " + text(message));
            assertSameData(actual.value(), expected.value(), "value read from " + what + " " + text(message));
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void writesAndReadsRandomDataWithSchemasAsKafkasConverter(Map<String, ?> config) {
        Converters converters = converters(config);
        RandomConnectData data = new RandomConnectData(17 + config.hashCode());
        for (int i = 0; i < ITERATIONS; i++) {
            Schema schema = data.schema(3);
            Object value = data.value(schema, 3);
            converters.agreeOn(schema, value, "case " + i + " " + schema + " " + value);
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void writesAndReadsRandomSchemalessDataAsKafkasConverter(Map<String, ?> config) {
        Converters converters = converters(config);
        RandomConnectData data = new RandomConnectData(91 + config.hashCode());
        for (int i = 0; i < ITERATIONS; i++) {
            Object value = data.schemaless(3);
            converters.agreeOn(null, value, "case " + i + " " + value);
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void refusesDataThatDoesNotFitItsSchemaAsKafkasConverter(Map<String, ?> config) {
        Converters converters = converters(config);
        RandomConnectData data = new RandomConnectData(5 + config.hashCode());
        for (int i = 0; i < ITERATIONS / 3; i++) {
            Schema schema = data.schema(2);
            Object value = data.value(data.schema(2), 2);
            converters.agreeOn(schema, value, "mismatch " + i + " " + schema + " " + value);
            converters.agreeOn(schema, null, "null " + i + " " + schema);
        }
    }

    /** Bytes as text for messages; invalid UTF-8 shows as replacement characters. */
    static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Equal Connect data, byte arrays by content wherever they are (Map and Struct equality compare them by identity). */
    static void assertSameData(Object actual, Object expected, String what) {
        if (expected == null || actual == null) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else if (expected instanceof byte[] e) {
            assertThat(actual).as(what).isInstanceOf(byte[].class);
            assertThat((byte[]) actual).as(what).isEqualTo(e);
        } else if (expected instanceof ByteBuffer e) {
            assertThat(actual).as(what).isEqualTo(e);
        } else if (expected instanceof Struct e) {
            assertThat(actual).as(what).isInstanceOf(Struct.class);
            Struct a = (Struct) actual;
            assertSameSchema(a.schema(), e.schema(), what + " (struct schema)");
            for (Field field : e.schema().fields()) {
                assertSameData(a.get(field), e.get(field), what + " ." + field.name());
            }
        } else if (expected instanceof Map<?, ?> e) {
            assertThat(actual).as(what).isInstanceOf(Map.class);
            Map<?, ?> a = (Map<?, ?>) actual;
            assertThat(a.getClass()).as(what + " (map class)").isEqualTo(e.getClass());
            assertThat(a.keySet()).as(what + " (keys)").isEqualTo(e.keySet());
            for (Map.Entry<?, ?> entry : e.entrySet()) {
                assertSameData(a.get(entry.getKey()), entry.getValue(), what + " [" + entry.getKey() + "]");
            }
            assertThat(new ArrayList<>(a.keySet())).as(what + " (key order)").isEqualTo(new ArrayList<>(e.keySet()));
        } else if (expected instanceof Collection<?> e) {
            assertThat(actual).as(what).isInstanceOf(Collection.class);
            Collection<?> a = (Collection<?>) actual;
            assertThat(a.getClass()).as(what + " (list class)").isEqualTo(e.getClass());
            assertThat(a).as(what + " (size)").hasSameSizeAs(e);
            Iterator<?> ai = a.iterator();
            int i = 0;
            for (Object element : e) {
                assertSameData(ai.next(), element, what + " [" + i++ + "]");
            }
        } else {
            assertThat(actual).as(what).isEqualTo(expected);
            assertThat(actual.getClass()).as(what + " (class)").isEqualTo(expected.getClass());
            if (expected instanceof java.math.BigDecimal e) {
                assertThat(((java.math.BigDecimal) actual).scale()).as(what + " (scale)").isEqualTo(e.scale());
            }
        }
    }

    /**
     * Equal schemas, defaults compared as data: ConnectSchema.equals compares a bytes default by identity, so two
     * schemas read from the same JSON are unequal whenever a default holds bytes.
     */
    static void assertSameSchema(Schema actual, Schema expected, String what) {
        if (expected == null || actual == null) {
            assertThat(actual).as(what).isEqualTo(expected);
            return;
        }
        assertThat(actual.type()).as(what + " type").isEqualTo(expected.type());
        assertThat(actual.isOptional()).as(what + " optional").isEqualTo(expected.isOptional());
        assertThat(actual.name()).as(what + " name").isEqualTo(expected.name());
        assertThat(actual.version()).as(what + " version").isEqualTo(expected.version());
        assertThat(actual.doc()).as(what + " doc").isEqualTo(expected.doc());
        assertThat(actual.parameters()).as(what + " parameters").isEqualTo(expected.parameters());
        assertSameData(actual.defaultValue(), expected.defaultValue(), what + " default");
        switch (expected.type()) {
            case ARRAY -> assertSameSchema(actual.valueSchema(), expected.valueSchema(), what + " items");
            case MAP -> {
                assertSameSchema(actual.keySchema(), expected.keySchema(), what + " keys");
                assertSameSchema(actual.valueSchema(), expected.valueSchema(), what + " values");
            }
            case STRUCT -> {
                assertThat(actual.fields()).as(what + " fields").hasSameSizeAs(expected.fields());
                for (int i = 0; i < expected.fields().size(); i++) {
                    Field e = expected.fields().get(i);
                    Field a = actual.fields().get(i);
                    assertThat(a.name()).as(what + " field " + i).isEqualTo(e.name());
                    assertSameSchema(a.schema(), e.schema(), what + " ." + e.name());
                }
            }
            default -> {
            }
        }
    }

    static String show(Object value) {
        return value instanceof byte[] b ? Arrays.toString(b) : String.valueOf(value);
    }
}
