package io.tributary.connect.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.avro.AvroData;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.http.HttpAuth;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/**
 * The latest Avro schema registered for a subject, as a Connect schema: where an endpoint with an inferred schema
 * starts after a restart, so its first page reuses the registered schema (no new version) instead of re-inferring a
 * narrower one (the HTTP source per endpoint, the file source per task). Reads, through {@link RegistryClient}, Apicurio Registry's own API (a URL ending in {@code /apis/registry/v2}, artifact id = subject in
 * the default group, as Apicurio's converters register with their default strategy) or the Confluent API (any other
 * URL, also Apicurio's {@code /apis/ccompat/v7}). Only a start-up read: never on the per-record path.
 *
 * <p>The Avro → Connect mapping undoes what a Connect Avro converter does on the way in: the {@code connect.name}
 * property names a struct, and the converters' default record names ({@code ...ConnectDefault<n>}) mean an unnamed
 * one, so the schema converts back to the same Avro text and the registry finds the version it has.
 */
public final class LatestRegisteredSchema {

    private static final Logger log = LoggerFactory.getLogger(LatestRegisteredSchema.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private LatestRegisteredSchema() {
    }

    /** The Connect schema of the subject's latest version; null when the subject has none or cannot be read. */
    public static Schema fetch(String registryUrl, String subject) {
        RegistryClient registry = new RegistryClient(registryUrl, RegistryClient.httpClient(null, TIMEOUT),
                new HttpAuth.None(), TIMEOUT);
        try {
            return toConnect(registry.fetch(subject, "latest").schema());
        } catch (RegistryClient.RegistryException e) {
            if (e.status() == 404) {
                log.info("No schema is registered for subject '{}' at {}: the schema is inferred from the data",
                        subject, registryUrl);
            } else {
                log.warn("The registry at {} could not give subject '{}' ({}): the schema is inferred from the data "
                        + "instead", registryUrl, subject, e.getMessage());
            }
            return null;
        } catch (IOException | RuntimeException e) {
            log.warn("The latest schema of subject '{}' could not be read from {} ({}): the schema is inferred from "
                    + "the data instead", subject, registryUrl, RegistryClient.describe(e));
            return null;
        }
    }

    /** An Avro schema's text as the Connect schema a Connect Avro converter would have been given. */
    static Schema toConnect(String avroText) throws IOException {
        JsonNode tree = JsonData.MAPPER.readTree(avroText);
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(avroText);
        if (avro.getType() != org.apache.avro.Schema.Type.RECORD) {
            throw new IOException("the schema is a " + avro.getType() + ", not a record");
        }
        Schema connect = new AvroData().toConnectSchema(avro);
        String name = tree.path("connect.name").asText(null);
        return rename(connect, name != null ? name : connect.name(), true);
    }

    /** Struct names as the converter had them: connect.name, or none for a converter's default record name. */
    private static Schema rename(Schema schema, String name, boolean top) {
        switch (schema.type()) {
            case STRUCT: {
                SchemaBuilder struct = SchemaBuilder.struct();
                String kept = name == null || name.contains("ConnectDefault") ? null : name;
                if (kept != null) {
                    struct.name(kept);
                }
                if (schema.isOptional()) {
                    struct.optional();
                }
                if (schema.doc() != null) {
                    struct.doc(schema.doc());
                }
                for (Field f : schema.fields()) {
                    struct.field(f.name(), rename(f.schema(), f.schema().name(), false));
                }
                return struct.build();
            }
            case ARRAY: {
                SchemaBuilder array = SchemaBuilder.array(rename(schema.valueSchema(), schema.valueSchema().name(),
                        false));
                return schema.isOptional() ? array.optional().build() : array.build();
            }
            case MAP: {
                SchemaBuilder map = SchemaBuilder.map(schema.keySchema(), rename(schema.valueSchema(),
                        schema.valueSchema().name(), false));
                return schema.isOptional() ? map.optional().build() : map.build();
            }
            default:
                return schema;
        }
    }
}
