package io.tributary.connect.transforms.validate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.SpecificationVersion;
import io.tributary.connect.common.registry.RegistryClient;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The schema versions a validator accepts, from one source: inline text, a file (or a directory of versions, one
 * file each, named by version), or a schema registry subject (given versions and/or "latest", cached with a TTL).
 */
abstract class SchemaCatalog {

    /** The accepted versions, preferred first. */
    abstract List<CompiledSchema> accepted();

    /** The accepted schema of a named version, or null when that version is not accepted. */
    abstract CompiledSchema version(String name);

    static CompiledSchema compile(String text, boolean avro, SpecificationVersion draft, String source, String version,
                                  Integer id) {
        return compile(text, Map.of(), avro, draft, source, version, id);
    }

    /** With the schemas the text references, by the name it references them by. */
    static CompiledSchema compile(String text, Map<String, String> references, boolean avro, SpecificationVersion draft,
                                  String source, String version, Integer id) {
        return avro ? new AvroConformance(text, references, source, version, id)
                : new JsonSchemaCompiled(text, references, draft, source, version, id);
    }

    /** A fixed set of versions: inline text, a file, or a directory of files. */
    static final class Fixed extends SchemaCatalog {
        private final Map<String, CompiledSchema> versions;
        private final List<CompiledSchema> accepted;

        Fixed(Map<String, CompiledSchema> versions) {
            this.versions = versions;
            this.accepted = List.copyOf(versions.values());
        }

        static Fixed inline(String text, boolean avro, SpecificationVersion draft) {
            return new Fixed(Map.of("inline", compile(text, avro, draft, "inline", "inline", null)));
        }

        static Fixed files(Path path, boolean avro, SpecificationVersion draft) throws IOException {
            Map<String, CompiledSchema> versions = new LinkedHashMap<>();
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> list = Files.list(path)) {
                    files = list.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted(java.util.Comparator.comparing(Path::getFileName).reversed()).toList();
                }
                for (Path file : files) {
                    String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                    versions.put(name, compileFile(file, avro, draft, name));
                }
                if (versions.isEmpty()) {
                    throw new IOException("directory " + path + " holds no schema file");
                }
            } else {
                String name = path.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                versions.put(name, compileFile(path, avro, draft, name));
            }
            return new Fixed(versions);
        }

        private static CompiledSchema compileFile(Path file, boolean avro, SpecificationVersion draft, String name)
                throws IOException {
            try {
                return compile(Files.readString(file), avro, draft, file.getFileName().toString(), name, null);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage());
            }
        }

        @Override
        List<CompiledSchema> accepted() {
            return accepted;
        }

        @Override
        CompiledSchema version(String name) {
            CompiledSchema found = versions.get(name);
            return found != null || versions.size() > 1 ? found : versions.values().iterator().next();
        }
    }

    /** Versions of a registry subject, fetched on use and kept for a TTL; the last good copy survives an outage. */
    static final class Registry extends SchemaCatalog {
        private static final Logger log = LoggerFactory.getLogger(Registry.class);

        private final RegistryClient client;
        private final String subject;
        private final List<String> versions;
        private final boolean avroByDefault;
        private final SpecificationVersion draft;
        private final Cache<String, CompiledSchema> fresh;
        private final Map<String, CompiledSchema> lastKnown = new ConcurrentHashMap<>();

        Registry(RegistryClient client, String subject, List<String> versions, boolean avroByDefault,
                 SpecificationVersion draft, Duration ttl) {
            this.client = client;
            this.subject = subject;
            this.versions = versions;
            this.avroByDefault = avroByDefault;
            this.draft = draft;
            this.fresh = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000).build();
        }

        @Override
        List<CompiledSchema> accepted() {
            List<CompiledSchema> accepted = new ArrayList<>(versions.size());
            for (String version : versions) {
                accepted.add(get(version));
            }
            return accepted;
        }

        @Override
        CompiledSchema version(String name) {
            for (String accepted : versions) {
                if (accepted.equals(name)) {
                    return get(name);
                }
                if (accepted.equals("latest") && get("latest").version().equals(name)) {
                    return get("latest");
                }
            }
            return null;
        }

        private CompiledSchema get(String version) {
            CompiledSchema cached = fresh.getIfPresent(version);
            if (cached != null) {
                return cached;
            }
            try {
                RegistryClient.Registered registered = client.fetch(subject, version);
                boolean avro = registered.type().equalsIgnoreCase("AVRO") || (avroByDefault && registered.type().isEmpty());
                if (!avro && !registered.type().equalsIgnoreCase("JSON")) {
                    throw new ConnectException("subject " + subject + " version " + version + " is a "
                            + registered.type() + " schema; ValidateSchema checks JSON Schema and Avro");
                }
                CompiledSchema compiled = compile(registered.schema(), client.referenced(registered), avro, draft,
                        subject, registered.version(), registered.id());
                fresh.put(version, compiled);
                lastKnown.put(version, compiled);
                return compiled;
            } catch (IOException | IllegalArgumentException e) {
                CompiledSchema stale = lastKnown.get(version);
                if (stale != null) {
                    log.warn("Cannot refresh {} version {} from the schema registry ({}); using the copy fetched "
                            + "before", subject, version, e.getMessage());
                    fresh.put(version, stale);
                    return stale;
                }
                throw new org.apache.kafka.connect.errors.RetriableException("Cannot load " + subject + " version " + version
                        + " from the schema registry at " + client.url() + ": " + RegistryClient.describe(e), e);
            }
        }
    }
}
