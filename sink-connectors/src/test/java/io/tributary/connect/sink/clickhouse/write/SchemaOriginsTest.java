package io.tributary.connect.sink.clickhouse.write;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaOriginsTest {

    private static final Schema SCHEMA = SchemaBuilder.struct().name("io.example.Reading").version(3)
            .field("a", Schema.INT32_SCHEMA).build();

    private static SinkRecord record() {
        return new SinkRecord("readings", 0, null, null, SCHEMA, new Struct(SCHEMA).put("a", 1), 7);
    }

    private static byte[] id(long id) {
        return ByteBuffer.allocate(8).putLong(id).array();
    }

    @Test
    void namesTheConnectSchemaAndTheGlobalIdFromBytes() {
        SinkRecord record = record();
        record.headers().add(SchemaOrigins.GLOBAL_ID_HEADER, id(300), Schema.BYTES_SCHEMA);
        assertThat(new SchemaOrigins(Map.of()).describe(record))
                .isEqualTo("value schema 'io.example.Reading' version 3; registry globalId 300");
    }

    @Test
    void readsAnIdThatSimpleHeaderConverterTurnedIntoText() {
        SinkRecord record = record();
        record.headers().addString(SchemaOrigins.GLOBAL_ID_HEADER, new String(id(42), StandardCharsets.UTF_8));
        assertThat(SchemaOrigins.idHeader(record, SchemaOrigins.GLOBAL_ID_HEADER)).isEqualTo(42L);
    }

    @Test
    void saysWhenTheIdIsNotReadable() {
        SinkRecord record = record();
        record.headers().addString(SchemaOrigins.GLOBAL_ID_HEADER, new String(id(200), StandardCharsets.UTF_8));
        assertThat(SchemaOrigins.idHeader(record, SchemaOrigins.GLOBAL_ID_HEADER)).isNull();
        assertThat(new SchemaOrigins(Map.of()).describe(record))
                .isEqualTo("value schema 'io.example.Reading' version 3");
    }

    @Test
    void schemalessValuesSaySo() {
        SinkRecord record = new SinkRecord("t", 0, null, null, null, Map.of("a", 1), 1);
        assertThat(new SchemaOrigins(Map.of()).describe(record)).isEqualTo("value schema none (schemaless)");
    }
}
