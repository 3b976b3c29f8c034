package io.tributary.connect.common.registry;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatestRegisteredSchemaTest {

    /** As Apicurio's AvroConverter registered an inferred schema in HttpSourceRegistryIT (plus an array field). */
    private static final String REGISTERED = "{\"type\":\"record\",\"name\":\"Record\",\"namespace\":"
            + "\"io.tributary.http\",\"fields\":[{\"name\":\"id\",\"type\":[\"null\",\"double\"],\"default\":null},"
            + "{\"name\":\"name\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"where\",\"type\":"
            + "[\"null\",{\"type\":\"record\",\"name\":\"ConnectDefault\",\"namespace\":\"io.confluent.connect.avro\","
            + "\"fields\":[{\"name\":\"lat\",\"type\":[\"null\",\"double\"],\"default\":null}]}],\"default\":null},"
            + "{\"name\":\"tags\",\"type\":[\"null\",{\"type\":\"array\",\"items\":[\"null\",\"string\"]}],"
            + "\"default\":null}],\"connect.name\":\"io.tributary.http.Record\"}";

    @Test
    void theRegisteredAvroSchemaIsTheConnectSchemaTheConverterWasGiven() throws Exception {
        Schema expected = SchemaBuilder.struct().name("io.tributary.http.Record")
                .field("id", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("where", SchemaBuilder.struct().optional().field("lat", Schema.OPTIONAL_FLOAT64_SCHEMA).build())
                .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build())
                .build();
        assertThat(LatestRegisteredSchema.toConnect(REGISTERED)).isEqualTo(expected);
    }

    @Test
    void noRegistryAnsweringMeansInferring() {
        assertThat(LatestRegisteredSchema.fetch("http://127.0.0.1:1/apis/registry/v2", "nothing-value")).isNull();
    }
}
