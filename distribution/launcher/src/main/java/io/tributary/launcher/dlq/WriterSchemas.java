package io.tributary.launcher.dlq;

import io.tributary.processor.config.RegistrySettings;
import io.tributary.processor.event.WireFraming;
import io.tributary.processor.registry.SchemaRegistry;
import org.apache.avro.Schema;

/**
 * The writer schema of a registry-framed value, by the id its framing carries: a global id (Apicurio's framings) or a
 * content id (Confluent's). {@code inspect --registry URL} asks Apicurio Registry through the processor's client
 * ({@link SchemaRegistry}, which reads both ids and caches them); without it Avro bodies are shown as bytes.
 */
interface WriterSchemas {

    /** The schema, or null when the registry has none with that id. */
    Schema of(WireFraming.SchemaId id);

    static WriterSchemas registry(String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("--registry takes an http:// or https:// URL (Apicurio Registry's API, "
                    + "e.g. http://127.0.0.1:8081/apis/registry/v2), not '" + url + "'");
        }
        SchemaRegistry registry = SchemaRegistry.of(RegistrySettings.of(url));
        return id -> {
            if (id.contentId()) {
                SchemaRegistry.Content content = registry.byContentId(id.id());
                return content == null ? null : content.schema();
            }
            SchemaRegistry.Version version = registry.byGlobalId(id.id());
            return version == null ? null : version.schema();
        };
    }
}
