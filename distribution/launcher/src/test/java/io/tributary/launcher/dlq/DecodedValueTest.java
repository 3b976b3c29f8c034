package io.tributary.launcher.dlq;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.apache.kafka.connect.data.Schema.OPTIONAL_BYTES_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

/** What a dead letter's value is, under each converter that wraps a source's raw bytes. */
class DecodedValueTest {

    private static final String LINE = "{\"event_id\":\"e-1\",\"amount\":-3";

    @Test
    void jsonConverterWithoutSchemasIsABase64StringOfTheRawBytes() {
        byte[] stored = converter(false).fromConnectData("events-dlq", OPTIONAL_BYTES_SCHEMA, utf8(LINE));

        DecodedValue value = DecodedValue.of(stored, new RecordHeaders());

        assertThat(value.detected()).isEqualTo("JSON string > base64 > text");
        assertThat(value.text()).isEqualTo(LINE);
    }

    @Test
    void jsonConverterWithSchemasIsAnEnvelopeOfBytes() {
        String valid = "{\"event_id\":\"e-1\",\"amount\":3}";
        byte[] stored = converter(true).fromConnectData("events-dlq", OPTIONAL_BYTES_SCHEMA, utf8(valid));

        DecodedValue value = DecodedValue.of(stored, new RecordHeaders());

        assertThat(value.detected()).isEqualTo("JsonConverter envelope (schema type bytes) > base64 > JSON");
        assertThat(value.json().path("amount").asInt()).isEqualTo(3);
    }

    @Test
    void rawJsonStaysJsonAndAShortStringThatHappensToBeBase64StaysAString() {
        assertThat(DecodedValue.of(utf8("{\"a\":1}"), null).detected()).isEqualTo("JSON");
        DecodedValue word = DecodedValue.of(utf8("\"test\""), null);
        assertThat(word.detected()).isEqualTo("JSON");
        assertThat(word.json().asText()).isEqualTo("test");
    }

    @Test
    void registryFramedValuesNameTheirSchemaIdAndKeepTheBody() {
        byte[] confluent = ByteBuffer.allocate(8).put((byte) 0).putInt(7).put(new byte[] {2, 4, 6}).array();
        byte[] apicurio = ByteBuffer.allocate(12).put((byte) 0).putLong(42).put(new byte[] {2, 4, 6}).array();

        DecodedValue four = DecodedValue.of(confluent, new RecordHeaders());
        DecodedValue eight = DecodedValue.of(apicurio, new RecordHeaders());

        assertThat(four.detected()).contains("content id 7").contains("3 bytes");
        assertThat(eight.detected()).isEqualTo("registry-framed (magic byte 0, global id 42) > Avro body of 3 bytes, "
                + "not decoded (no --registry)");
        assertThat(eight.bytes()).containsExactly(2, 4, 6);
        assertThat(eight.original()).isEqualTo(apicurio);
    }

    @Test
    void avroIsDecodedWithTheWriterSchemaOfItsId() throws Exception {
        Schema schema = SchemaBuilder.record("Order").namespace("shop").fields()
                .requiredLong("id").requiredString("currency").endRecord();
        GenericRecord order = new GenericData.Record(schema);
        order.put("id", 7L);
        order.put("currency", "GBP");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new GenericDatumWriter<GenericRecord>(schema).write(order, encoder);
        encoder.flush();
        byte[] framed = ByteBuffer.allocate(5 + body.size()).put((byte) 0).putInt(3).put(body.toByteArray()).array();
        WriterSchemas byContentId3 = id -> id.contentId() && id.id() == 3 ? schema : null;

        DecodedValue value = DecodedValue.of(framed, new RecordHeaders(), byContentId3);
        DecodedValue unknown = DecodedValue.of(framed, new RecordHeaders(), id -> null);

        assertThat(value.detected()).isEqualTo("registry-framed (magic byte 0, content id 3) > Avro (shop.Order)");
        assertThat(value.json().path("currency").asText()).isEqualTo("GBP");
        assertThat(value.json().path("id").asLong()).isEqualTo(7);
        assertThat(unknown.detected()).endsWith("not decoded (the registry has no schema of content id 3)");
        assertThat(unknown.bytes()).isEqualTo(body.toByteArray());
    }

    @Test
    void bytesThatAreNotTextAreBinaryAndKept() {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 1, 2};

        DecodedValue value = DecodedValue.of(binary, null);

        assertThat(value.detected()).isEqualTo("binary (4 bytes)");
        assertThat(value.bytes()).isEqualTo(binary);
    }

    @Test
    void headersAreTextWhenTheyAreUtf8AndHexOtherwise() {
        assertThat(HeaderText.of(utf8("orders-raw"))).isEqualTo(new HeaderText("orders-raw", "utf8"));
        assertThat(HeaderText.of(ByteBuffer.allocate(8).putLong(42).array()))
                .isEqualTo(new HeaderText("000000000000002a", "hex"));
        assertThat(HeaderText.of(null).text()).isNull();
    }

    private static JsonConverter converter(boolean schemas) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", schemas, "converter.type", "value"));
        return converter;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
