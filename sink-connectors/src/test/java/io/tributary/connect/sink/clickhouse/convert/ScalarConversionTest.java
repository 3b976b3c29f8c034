package io.tributary.connect.sink.clickhouse.convert;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;

import static io.tributary.connect.sink.clickhouse.convert.Encoding.encode;
import static io.tributary.connect.sink.clickhouse.convert.Encoding.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One value of each Connect type into each column type that takes it: the exact RowBinary bytes. */
class ScalarConversionTest {

    private static final java.util.Date TS = java.util.Date.from(Instant.parse("2024-01-15T10:30:45.123Z"));
    private static final java.util.Date DAY = java.util.Date.from(Instant.parse("2024-01-15T00:00:00Z"));
    private static final java.util.Date TIME_OF_DAY = new java.util.Date(37_845_123L);

    // Integers

    @Test
    void integersAreLittleEndianInTheColumnsWidth() {
        assertThat(encode("Int8", Schema.INT8_SCHEMA, (byte) -2)).isEqualTo("fe");
        assertThat(encode("Int16", Schema.INT16_SCHEMA, (short) 0x0102)).isEqualTo("02 01");
        assertThat(encode("Int32", Schema.INT32_SCHEMA, 0x01020304)).isEqualTo("04 03 02 01");
        assertThat(encode("Int64", Schema.INT64_SCHEMA, -2L)).isEqualTo("fe ff ff ff ff ff ff ff");
        assertThat(encode("UInt16", Schema.INT8_SCHEMA, (byte) 7)).isEqualTo("07 00");
        assertThat(encode("UInt64", Schema.INT32_SCHEMA, 1)).isEqualTo("01 00 00 00 00 00 00 00");
    }

    @Test
    void wideIntegersAreTwosComplementInSixteenOrThirtyTwoBytes() {
        assertThat(encode("Int128", Schema.INT64_SCHEMA, -2L)).isEqualTo("fe " + repeat("ff", 15));
        assertThat(encode("UInt128", Schema.STRING_SCHEMA, BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)
                .toString())).isEqualTo(repeat("ff", 16));
        assertThat(encode("Int256", Schema.INT16_SCHEMA, (short) 1)).isEqualTo("01 " + repeat("00", 31));
        assertThat(encode("UInt256", Schema.STRING_SCHEMA, BigInteger.ONE.shiftLeft(255).toString()))
                .isEqualTo(repeat("00", 31) + " 80");
    }

    @Test
    void unsignedColumnsTakeTheirWholeRangeFromText() {
        assertThat(encode("UInt64", Schema.STRING_SCHEMA, "18446744073709551615")).isEqualTo(repeat("ff", 8));
        assertThat(encode("UInt32", Schema.STRING_SCHEMA, " 4294967295 ")).isEqualTo(repeat("ff", 4));
    }

    @ParameterizedTest
    @CsvSource({"UInt8, -1, 0 to 255", "Int8, 128, -128 to 127", "Int8, -129, -128 to 127",
            "UInt16, 65536, 0 to 65535", "Int32, 2147483648, -2147483648 to 2147483647",
            "UInt32, -5, 0 to 4294967295", "UInt64, -1, 0 to 18446744073709551615"})
    void integersOutsideTheColumnsRangeAreRefusedNotWrapped(String type, long value, String range) {
        assertThatThrownBy(() -> encode(type, Schema.INT64_SCHEMA, value))
                .isInstanceOf(ConversionException.class)
                .hasMessage("field 'v': out of range for " + type + " (" + range + ")");
    }

    @Test
    void textOutsideTheRangeOfUInt64IsRefused() {
        assertThatThrownBy(() -> encode("UInt64", Schema.STRING_SCHEMA, "18446744073709551616"))
                .hasMessageContaining("out of range for UInt64");
        assertThatThrownBy(() -> encode("Int128", Schema.STRING_SCHEMA, BigInteger.ONE.shiftLeft(127).toString()))
                .hasMessageContaining("out of range for Int128");
    }

    @Test
    void booleansAreZeroOrOneInIntegerColumns() {
        assertThat(encode("UInt8", Schema.BOOLEAN_SCHEMA, true)).isEqualTo("01");
        assertThat(encode("Int32", Schema.BOOLEAN_SCHEMA, false)).isEqualTo("00 00 00 00");
    }

    @Test
    void wholeFloatsAndDecimalsGoIntoIntegerColumnsFractionsDoNot() {
        assertThat(encode("Int32", Schema.FLOAT64_SCHEMA, 3.0)).isEqualTo("03 00 00 00");
        assertThat(encode("Int16", Decimal.schema(2), new BigDecimal("42.00"))).isEqualTo("2a 00");
        assertThatThrownBy(() -> encode("Int32", Schema.FLOAT64_SCHEMA, 3.5))
                .hasMessage("field 'v': not a whole number, the column is Int32");
        assertThatThrownBy(() -> encode("Int32", Decimal.schema(1), new BigDecimal("4.2")))
                .hasMessage("field 'v': the decimal has a fractional part, the column is an integer");
    }

    @Test
    void integerTextIsParsedAndOtherTextRefusedWithoutQuotingIt() {
        assertThat(encode("Int32", Schema.STRING_SCHEMA, "-7")).isEqualTo("f9 ff ff ff");
        assertThatThrownBy(() -> encode("Int32", Schema.STRING_SCHEMA, "secret-42"))
                .isInstanceOf(ConversionException.class)
                .hasMessage("field 'v': the text is not an integer, the column is Int32")
                .hasMessageNotContaining("secret");
    }

    @Test
    void temporalLogicalTypesGoIntoIntegersAsTheirConnectNumbers() {
        assertThat(encode("Int32", Date.SCHEMA, DAY)).isEqualTo("19 4d 00 00");
        assertThat(encode("UInt32", Time.SCHEMA, TIME_OF_DAY)).isEqualTo("83 78 41 02");
        assertThat(encode("Int64", Timestamp.SCHEMA, TS)).isEqualTo("83 74 ac 0c 8d 01 00 00");
    }

    // Floats, Decimal, Bool

    @Test
    void floatsAreIeee754LittleEndian() {
        assertThat(encode("Float32", Schema.FLOAT32_SCHEMA, 1.5f)).isEqualTo("00 00 c0 3f");
        assertThat(encode("Float64", Schema.FLOAT64_SCHEMA, 2.25)).isEqualTo("00 00 00 00 00 00 02 40");
        assertThat(encode("Float64", Decimal.schema(2), new BigDecimal("2.25"))).isEqualTo("00 00 00 00 00 00 02 40");
        assertThat(encode("Float32", Schema.INT32_SCHEMA, 2)).isEqualTo("00 00 00 40");
        assertThat(encode("Float64", Schema.STRING_SCHEMA, "2.25")).isEqualTo("00 00 00 00 00 00 02 40");
        assertThat(encode("Float64", Schema.STRING_SCHEMA, "nan")).isEqualTo("00 00 00 00 00 00 f8 7f");
    }

    @Test
    void aDoubleBeyondFloat32IsRefused() {
        assertThatThrownBy(() -> encode("Float32", Schema.FLOAT64_SCHEMA, 1e300))
                .hasMessage("field 'v': out of range for Float32");
    }

    @Test
    void decimalsAreRescaledToTheColumnAndSizedByPrecision() {
        assertThat(encode("Decimal(9, 2)", Decimal.schema(1), new BigDecimal("1.5"))).isEqualTo("96 00 00 00");
        assertThat(encode("Decimal(9, 2)", Decimal.schema(3), new BigDecimal("1.005"))).isEqualTo("65 00 00 00");
        assertThat(encode("Decimal(18, 4)", Decimal.schema(4), new BigDecimal("123.4567")))
                .isEqualTo("87 d6 12 00 00 00 00 00");
        assertThat(encode("Decimal(38, 10)", Decimal.schema(0), new BigDecimal("-1")))
                .isEqualTo("00 1c f4 ab fd ff ff ff " + repeat("ff", 8));
        assertThat(encode("Decimal(76, 0)", Decimal.schema(0), new BigDecimal("1")))
                .isEqualTo("01 " + repeat("00", 31));
    }

    @Test
    void numbersAndTextGoIntoDecimalColumns() {
        assertThat(encode("Decimal(9, 2)", Schema.INT32_SCHEMA, 1)).isEqualTo("64 00 00 00");
        assertThat(encode("Decimal(9, 2)", Schema.FLOAT64_SCHEMA, 1.5)).isEqualTo("96 00 00 00");
        assertThat(encode("Decimal(9, 2)", Schema.STRING_SCHEMA, "1.50")).isEqualTo("96 00 00 00");
    }

    @Test
    void aDecimalNeedingMoreDigitsThanThePrecisionIsRefused() {
        assertThatThrownBy(() -> encode("Decimal(5, 2)", Decimal.schema(1), new BigDecimal("1234.5")))
                .isInstanceOf(ConversionException.class)
                .hasMessage("field 'v': needs more than the 5 digits of Decimal(5, 2)");
    }

    @Test
    void boolColumnsTakeBooleansZeroOneAndTheirText() {
        assertThat(encode("Bool", Schema.BOOLEAN_SCHEMA, true)).isEqualTo("01");
        assertThat(encode("Bool", Schema.INT8_SCHEMA, (byte) 0)).isEqualTo("00");
        assertThat(encode("Bool", Schema.STRING_SCHEMA, "TRUE")).isEqualTo("01");
        assertThatThrownBy(() -> encode("Bool", Schema.INT32_SCHEMA, 2))
                .hasMessage("field 'v': only 0 and 1 can be written to a Bool column");
    }

    // Text types

    @Test
    void stringsAreUtf8AfterAVarintLength() {
        assertThat(encode("String", Schema.STRING_SCHEMA, "é")).isEqualTo("02 c3 a9");
        String longText = "x".repeat(200);
        assertThat(encode("String", Schema.STRING_SCHEMA, longText)).startsWith("c8 01 78 78");
        assertThat(encode("String", Schema.BYTES_SCHEMA, new byte[] {0, (byte) 0xff})).isEqualTo("02 00 ff");
        assertThat(encode("String", Schema.BYTES_SCHEMA, ByteBuffer.wrap(new byte[] {1}))).isEqualTo("01 01");
    }

    @Test
    void everyScalarHasATextForm() {
        assertThat(encode("String", Schema.INT64_SCHEMA, -12L)).isEqualTo(hexOf("-12"));
        assertThat(encode("String", Schema.BOOLEAN_SCHEMA, true)).isEqualTo(hexOf("true"));
        assertThat(encode("String", Decimal.schema(8), new BigDecimal("1E-8"))).isEqualTo(hexOf("0.00000001"));
        assertThat(encode("String", Date.SCHEMA, DAY)).isEqualTo(hexOf("2024-01-15"));
        assertThat(encode("String", Time.SCHEMA, TIME_OF_DAY)).isEqualTo(hexOf("10:30:45.123"));
        assertThat(encode("String", Timestamp.SCHEMA, TS)).isEqualTo(hexOf("2024-01-15T10:30:45.123Z"));
    }

    @Test
    void fixedStringIsPaddedWithZerosAndRefusesLongerValues() {
        assertThat(encode("FixedString(4)", Schema.STRING_SCHEMA, "ab")).isEqualTo("61 62 00 00");
        assertThat(encode("FixedString(2)", Schema.BYTES_SCHEMA, new byte[] {1, 2})).isEqualTo("01 02");
        assertThatThrownBy(() -> encode("FixedString(2)", Schema.STRING_SCHEMA, "abc"))
                .hasMessage("field 'v': 3 bytes do not fit FixedString(2)");
    }

    @Test
    void uuidIsItsTwoHalvesEachLittleEndian() {
        // The layout the server itself produces: SELECT toUUID('61f0c404-...') FORMAT RowBinary.
        String expected = "e7 11 b3 5c 04 c4 f0 61 a0 db d3 6a 00 a6 7b 90";
        assertThat(encode("UUID", Schema.STRING_SCHEMA, "61f0c404-5cb3-11e7-907b-a6006ad3dba0")).isEqualTo(expected);
        byte[] bigEndian = java.util.HexFormat.of().parseHex("61f0c4045cb311e7907ba6006ad3dba0");
        assertThat(encode("UUID", Schema.BYTES_SCHEMA, bigEndian)).isEqualTo(expected);
        assertThatThrownBy(() -> encode("UUID", Schema.STRING_SCHEMA, "61f0c404-5cb3-11e7-907b-a6006ad3dbaz"))
                .hasMessage("field 'v': the text is not a UUID (8-4-4-4-12 hex digits)");
        assertThatThrownBy(() -> encode("UUID", Schema.STRING_SCHEMA, "1-2-3-4-5"))
                .hasMessageContaining("not a UUID");
    }

    @Test
    void enumsTakeNamesAndDefinedNumbers() {
        String type = "Enum8('a' = 1, 'b,c' = -2)";
        assertThat(encode(type, Schema.STRING_SCHEMA, "b,c")).isEqualTo("fe");
        assertThat(encode(type, Schema.INT32_SCHEMA, 1)).isEqualTo("01");
        assertThat(encode("Enum16('x' = 1000)", Schema.STRING_SCHEMA, "x")).isEqualTo("e8 03");
        assertThatThrownBy(() -> encode(type, Schema.STRING_SCHEMA, "zzz"))
                .hasMessage("field 'v': the text is not one of the names of ENUM8");
        assertThatThrownBy(() -> encode(type, Schema.INT32_SCHEMA, 3))
                .hasMessage("field 'v': the number is not one of the values of ENUM8");
    }

    @Test
    void ipAddressesFromTextNumbersAndBytes() {
        assertThat(encode("IPv4", Schema.STRING_SCHEMA, "1.2.3.4")).isEqualTo("04 03 02 01");
        assertThat(encode("IPv4", Schema.INT64_SCHEMA, 0x01020304L)).isEqualTo("04 03 02 01");
        assertThat(encode("IPv6", Schema.STRING_SCHEMA, "::1")).isEqualTo(repeat("00", 15) + " 01");
        assertThat(encode("IPv6", Schema.STRING_SCHEMA, "1.2.3.4"))
                .isEqualTo(repeat("00", 10) + " ff ff 01 02 03 04");
        assertThat(encode("IPv6", Schema.STRING_SCHEMA, "2001:db8::ff00:42:8329"))
                .isEqualTo("20 01 0d b8 00 00 00 00 00 00 ff 00 00 42 83 29");
        assertThatThrownBy(() -> encode("IPv4", Schema.STRING_SCHEMA, "1.2.3.256")).hasMessageContaining("not an IPv4");
        // A host name is refused, never looked up.
        assertThatThrownBy(() -> encode("IPv6", Schema.STRING_SCHEMA, "localhost")).hasMessageContaining("not an IPv");
        assertThatThrownBy(() -> encode("IPv6", Schema.STRING_SCHEMA, "fe80::zz")).hasMessageContaining("not an IPv6");
    }

    // Dates and times

    @Test
    void dateIsUInt16DaysFromDatesTimestampsAndIsoText() {
        assertThat(encode("Date", Date.SCHEMA, DAY)).isEqualTo("19 4d");
        assertThat(encode("Date", Timestamp.SCHEMA, TS)).isEqualTo("19 4d");
        assertThat(encode("Date", Schema.STRING_SCHEMA, "2024-01-15")).isEqualTo("19 4d");
        assertThat(encode("Date", Schema.STRING_SCHEMA, "2024-01-15T23:59:59Z")).isEqualTo("19 4d");
        assertThat(encode("Date", Schema.INT32_SCHEMA, 19737)).isEqualTo("19 4d");
        assertThatThrownBy(() -> encode("Date", Schema.STRING_SCHEMA, "1969-12-31"))
                .hasMessage("field 'v': out of range for Date (1970-01-01 to 2149-06-06)");
        assertThatThrownBy(() -> encode("Date", Schema.STRING_SCHEMA, "15/01/2024"))
                .hasMessage("field 'v': the text is not an ISO-8601 date or date-time");
    }

    @Test
    void date32IsInt32DaysAndReachesBefore1970() {
        java.util.Date before = java.util.Date.from(Instant.parse("1950-06-01T00:00:00Z"));
        assertThat(encode("Date32", Date.SCHEMA, before)).isEqualTo("0e e4 ff ff");
        assertThatThrownBy(() -> encode("Date32", Schema.STRING_SCHEMA, "1899-12-31")).hasMessageContaining("range");
    }

    @Test
    void dateTimeIsUInt32SecondsInUtc() {
        assertThat(encode("DateTime", Timestamp.SCHEMA, TS)).isEqualTo("55 09 a5 65");
        assertThat(encode("DateTime", Schema.STRING_SCHEMA, "2024-01-15T11:30:45.9+01:00")).isEqualTo("55 09 a5 65");
        assertThat(encode("DateTime", Schema.STRING_SCHEMA, "2024-01-15 10:30:45")).isEqualTo("55 09 a5 65");
        assertThat(encode("DateTime", Schema.INT64_SCHEMA, 1_705_314_645L)).isEqualTo("55 09 a5 65");
        assertThat(encode("DateTime", Date.SCHEMA, DAY)).isEqualTo(encode("DateTime", Schema.STRING_SCHEMA,
                "2024-01-15"));
        assertThatThrownBy(() -> encode("DateTime", Schema.STRING_SCHEMA, "2106-02-08T00:00:00Z"))
                .hasMessageContaining("out of range for DateTime");
    }

    @Test
    void textWithoutOffsetIsReadInTheColumnsTimeZone() {
        assertThat(encode("DateTime('Europe/Berlin')", Schema.STRING_SCHEMA, "2024-01-15 10:30:45"))
                .isEqualTo("45 fb a4 65");
        assertThat(encode("DateTime('Europe/Berlin')", Timestamp.SCHEMA, TS)).isEqualTo("55 09 a5 65");
    }

    @Test
    void dateTime64IsInt64TicksOfItsPrecision() {
        assertThat(encode("DateTime64(3)", Timestamp.SCHEMA, TS)).isEqualTo("83 74 ac 0c 8d 01 00 00");
        assertThat(encode("DateTime64(6, 'UTC')", Timestamp.SCHEMA, TS)).isEqualTo("b8 1f a7 81 f9 0e 06 00");
        assertThat(encode("DateTime64(0)", Timestamp.SCHEMA, TS)).isEqualTo("55 09 a5 65 00 00 00 00");
        assertThat(encode("DateTime64(6)", Schema.STRING_SCHEMA, "2024-01-15T10:30:45.123Z"))
                .isEqualTo("b8 1f a7 81 f9 0e 06 00");
        assertThatThrownBy(() -> encode("DateTime64(9)", Schema.STRING_SCHEMA, "2263-01-01T00:00:00Z"))
                .hasMessageContaining("out of range for DateTime64(9)");
    }

    // Refused pairs

    @Test
    void pairsWithoutASensibleConversionAreRefusedWhenTheEncoderIsBuilt() {
        assertThatThrownBy(() -> encode("UUID", Schema.BOOLEAN_SCHEMA, true))
                .isInstanceOf(ConversionException.class)
                .hasMessage("field 'v': a field of type BOOLEAN cannot be written to a column of type UUID");
        assertThatThrownBy(() -> encode("DateTime", Time.SCHEMA, TIME_OF_DAY))
                .hasMessage("field 'v': a field of type Time cannot be written to a column of type DateTime");
        assertThatThrownBy(() -> encode("Int32", SchemaBuilder.array(Schema.INT32_SCHEMA).build(), java.util.List.of()))
                .hasMessage("field 'v': a field of type ARRAY cannot be written to a column of type Int32");
    }

    private static String hexOf(String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withLength = new byte[utf8.length + 1];
        withLength[0] = (byte) utf8.length;
        System.arraycopy(utf8, 0, withLength, 1, utf8.length);
        return Encoding.hex(withLength);
    }
}
