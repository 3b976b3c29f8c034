package io.tributary.connect.transforms.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tributary.connect.common.data.JsonData;
import org.apache.kafka.connect.data.Schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JSON Schema (draft 2020-12 or draft-07, by its {@code $schema}, else the configured default), checked with the
 * networknt validator. Values are checked as JSON: maps and lists as they are, Structs as the JSON they would be
 * written as, strings and bytes parsed as JSON text.
 */
final class JsonSchemaCompiled implements CompiledSchema {

    private final com.networknt.schema.Schema schema;
    /** Accepts most valid schemaless records without networknt; null when the schema is beyond it. */
    private final JsonSchemaFastPath fastPath;
    private final String source;
    private final String version;
    private final Integer id;

    JsonSchemaCompiled(String text, SpecificationVersion defaultDraft, String source, String version, Integer id) {
        this(text, Map.of(), defaultDraft, source, version, id);
    }

    /**
     * Where a registered schema is read from when it references others: its {@code $ref}s by name (as the registry's
     * references name them, e.g. {@code address.json}) resolve against this base, where the referenced texts are
     * served from memory. Nothing is fetched from this address (networknt fetches no remote resource unless told
     * to, and .invalid names no host); it only has to be absolute and hierarchical.
     */
    static final String REFERENCE_BASE = "https://schema-registry.tributary.invalid/schemas/";

    /** With the schemas it references ({@code $ref} name → text), all resolved in memory. */
    JsonSchemaCompiled(String text, Map<String, String> references, SpecificationVersion defaultDraft, String source,
                       String version, Integer id) {
        checkAgainstMetaSchema(text, defaultDraft);
        try {
            if (references.isEmpty()) {
                this.schema = SchemaRegistry.withDefaultDialect(defaultDraft).getSchema(text);
            } else {
                for (String referenced : references.values()) {
                    checkAgainstMetaSchema(referenced, defaultDraft);
                }
                Map<String, String> byLocation = referenceLocations(text, references);
                SchemaRegistry registry = SchemaRegistry.withDefaultDialect(defaultDraft, b -> b.schemas(byLocation));
                this.schema = registry.getSchema(SchemaLocation.of(REFERENCE_BASE + "root.json"), JsonData.MAPPER.readTree(text));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a valid JSON Schema: " + firstLine(e.getMessage()));
        }
        JsonSchemaFastPath fast;
        try {
            fast = JsonSchemaFastPath.compile(JsonData.MAPPER.readTree(text),
                    defaultDraft == SpecificationVersion.DRAFT_2020_12);
        } catch (IOException e) {
            fast = null;
        }
        this.fastPath = fast;
        this.source = source;
        this.version = version;
        this.id = id;
    }

    /**
     * Each referenced text under every address its name may resolve to: the name itself when absolute, the name
     * against {@link #REFERENCE_BASE} (where the root is read from), and against the root's {@code $id} if it has
     * one (a relative {@code $ref} resolves against that).
     */
    private static Map<String, String> referenceLocations(String rootText, Map<String, String> references)
            throws IOException {
        JsonNode root = JsonData.MAPPER.readTree(rootText);
        String rootId = root != null && root.path("$id").isTextual() ? root.get("$id").asText() : null;
        Map<String, String> byLocation = new java.util.HashMap<>();
        references.forEach((name, referenced) -> {
            java.net.URI uri = java.net.URI.create(name);
            if (uri.isAbsolute()) {
                byLocation.put(name, referenced);
            }
            byLocation.put(java.net.URI.create(REFERENCE_BASE).resolve(uri).toString(), referenced);
            if (rootId != null) {
                try {
                    byLocation.put(java.net.URI.create(rootId).resolve(uri).toString(), referenced);
                } catch (IllegalArgumentException e) {
                    // A $id that is no URI: relative references cannot resolve against it anyway.
                }
            }
        });
        return byLocation;
    }

    /** The meta-schemas, by draft: networknt ships them, so checking a schema needs no network. */
    private static final Map<SpecificationVersion, com.networknt.schema.Schema> META_SCHEMAS = new ConcurrentHashMap<>();

    /**
     * networknt compiles a schema with a misspelt type or a negative {@code minLength} without complaint, and then
     * validates records against something the author did not mean; checking the schema against its draft's
     * meta-schema turns that into a config error at {@code validate()}, naming the place in the schema.
     */
    private static void checkAgainstMetaSchema(String text, SpecificationVersion defaultDraft) {
        JsonNode node;
        try {
            node = JsonData.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid JSON Schema: " + firstLine(e.getMessage()));
        }
        String problem = metaSchemaProblem(node, defaultDraft);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Why {@code node} is not a valid schema of its draft (its {@code $schema}, else {@code defaultDraft}), or null.
     * The first three problems, by their place in the schema.
     */
    static String metaSchemaProblem(JsonNode node, SpecificationVersion defaultDraft) {
        SpecificationVersion draft = SpecificationVersion.fromSchemaNode(node).orElse(defaultDraft);
        com.networknt.schema.Schema meta = META_SCHEMAS.computeIfAbsent(draft, d -> SchemaRegistry.withDefaultDialect(d)
                .getSchema(SchemaLocation.of(d.getDialectId())));
        List<Error> errors = meta.validate(node);
        if (errors.isEmpty()) {
            return null;
        }
        List<String> messages = new ArrayList<>();
        for (Error error : errors.subList(0, Math.min(3, errors.size()))) {
            messages.add(error.toString());
        }
        return "not a valid JSON Schema (checked against the meta-schema of " + draft.getDialectId() + "): "
                + String.join("; ", messages);
    }

    /** Whether schemaless records are checked on the fast path (for tests and the transform's log line). */
    boolean hasFastPath() {
        return fastPath != null;
    }

    @Override
    public List<Violation> validate(Object value, Schema connectSchema) {
        if (fastPath != null && connectSchema == null && !(value instanceof String) && !(value instanceof byte[])
                && fastPath.accepts(value)) {
            return List.of();
        }
        JsonNode node;
        try {
            node = toJson(value, connectSchema);
        } catch (IOException | RuntimeException e) {
            return List.of(new Violation("$", "json", "the value is not valid JSON"));
        }
        List<Error> errors;
        try {
            errors = schema.validate(node);
        } catch (RuntimeException e) {
            // networknt fails on numbers JSON cannot hold (NaN, infinities) in a map built by a converter or SMT.
            return List.of(new Violation("$", "json", "the value cannot be checked as JSON (" + e.getClass().getSimpleName()
                    + "; a NaN or infinite number?)"));
        }
        if (errors.isEmpty()) {
            return List.of();
        }
        List<Violation> violations = new ArrayList<>(errors.size());
        for (Error error : errors) {
            String path = jsonPath(error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString());
            if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
                path = path + "." + error.getProperty();
            }
            violations.add(new Violation(path, error.getKeyword(), error.getMessage()));
        }
        return violations;
    }

    /** A JSON pointer ({@code /items/2/sku}) as the path style used everywhere else ({@code $.items[2].sku}). */
    static String jsonPath(String pointer) {
        if (pointer.startsWith("$")) {
            return pointer;
        }
        StringBuilder out = new StringBuilder("$");
        for (String token : pointer.split("/")) {
            if (token.isEmpty()) {
                continue;
            }
            String name = token.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                out.append('[').append(name).append(']');
            } else {
                out.append('.').append(name);
            }
        }
        return out.toString();
    }

    static JsonNode toJson(Object value, Schema connectSchema) throws IOException {
        if (value instanceof String) {
            return JsonData.MAPPER.readTree((String) value);
        }
        if (value instanceof byte[]) {
            return JsonData.MAPPER.readTree((byte[]) value);
        }
        TokenBuffer buffer = new TokenBuffer(JsonData.MAPPER, false);
        JsonData.write(buffer, connectSchema, value);
        try (JsonParser parser = buffer.asParser()) {
            return JsonData.MAPPER.readTree(parser);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unknown problem" : message.lines().findFirst().orElse(message);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Integer id() {
        return id;
    }
}
