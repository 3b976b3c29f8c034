package io.tributary.launcher;

import io.tributary.processor.config.RegistrySettings;
import io.tributary.processor.registry.SchemaRegistry;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the Avro values of the demo's topics as {@code demo --avro} writes them: Apicurio Registry's wire format
 * with the id ahead of the value (magic byte 0, the schema's 8-byte global id, Avro binary), as the connectors'
 * AvroConverter ({@code apicurio.registry.headers.enabled=false}) and the processor's Avro results write it. Each
 * global id's writer schema is fetched once from the registry (the processor's {@link SchemaRegistry} client).
 */
final class AvroValues {

    private final SchemaRegistry registry;
    private final Map<Long, GenericDatumReader<Object>> readers = new HashMap<>();
    private final Map<Long, SchemaRegistry.Version> versions = new HashMap<>();
    private BinaryDecoder decoder;

    AvroValues(String registryApiUrl) {
        this.registry = SchemaRegistry.of(RegistrySettings.of(registryApiUrl));
    }

    /** The global id ahead of a value in the registry's wire format, or -1 when the value is not in it. */
    static long globalId(byte[] value) {
        return value == null || value.length < 9 || value[0] != 0 ? -1 : ByteBuffer.wrap(value, 1, 8).getLong();
    }

    /** The registered schema version of a global id (asked once per id). */
    synchronized SchemaRegistry.Version version(long id) throws IOException {
        SchemaRegistry.Version version = versions.get(id);
        if (version == null) {
            version = registry.byGlobalId(id);
            if (version == null) {
                throw new IOException("global id " + id + " is not in the registry at " + registry.url());
            }
            versions.put(id, version);
        }
        return version;
    }

    /** The record in {@code value}; an {@link IOException} names what is wrong with it. */
    synchronized GenericRecord read(byte[] value) throws IOException {
        if (value == null || value.length < 9 || value[0] != 0) {
            throw new IOException("not a value in the registry's wire format (magic byte 0 and an 8-byte global id)");
        }
        long id = globalId(value);
        GenericDatumReader<Object> reader = readers.get(id);
        if (reader == null) {
            reader = new GenericDatumReader<>(version(id).schema());
            readers.put(id, reader);
        }
        decoder = DecoderFactory.get().binaryDecoder(value, 9, value.length - 9, decoder);
        Object datum = reader.read(null, decoder);
        if (!(datum instanceof GenericRecord record)) {
            throw new IOException("global id " + id + " is not a record schema");
        }
        return record;
    }
}
