package io.tributary.connect.transforms.validate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.networknt.schema.SpecificationVersion;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.common.registry.RegistryClient;
import io.tributary.connect.common.registry.RegistrySettings;
import io.tributary.connect.transforms.base.DeadLetterRoute;
import io.tributary.connect.transforms.base.FieldPaths;
import io.tributary.connect.transforms.base.RecordSide;
import io.tributary.connect.transforms.base.TributaryTransform;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Checks each record against a schema: JSON Schema (draft 2020-12 or draft-07) for maps, lists, JSON text and
 * Structs; Avro schemas for Structs and maps. The schema comes from the config, a file (or a directory of
 * versions), or a Confluent-compatible schema registry (subject with given versions and/or latest, cached with a
 * TTL). A record may name its schema version in a field or header; otherwise it is valid if any accepted version
 * accepts it. An invalid record fails the task, is dropped (and counted), or is routed to a dead-letter topic with
 * headers naming the schema and every violation (path and rule).
 */
public abstract class ValidateSchema<R extends ConnectRecord<R>> extends TributaryTransform<R> {

    public enum SchemaType { JSON_SCHEMA, AVRO }
    public enum OnInvalid { FAIL, DROP, ROUTE }

    public static final String TYPE_CONFIG = "schema.type";
    public static final String INLINE_CONFIG = "schema.inline";
    public static final String FILE_CONFIG = "schema.file";
    public static final String REGISTRY_URL_CONFIG = RegistrySettings.URL_CONFIG;
    public static final String REGISTRY_SUBJECT_CONFIG = "schema.registry.subject";
    public static final String REGISTRY_VERSIONS_CONFIG = "schema.registry.versions";
    public static final String REGISTRY_TTL_CONFIG = "schema.registry.cache.ttl.ms";
    public static final String REGISTRY_TIMEOUT_CONFIG = RegistrySettings.TIMEOUT_CONFIG;
    public static final String REGISTRY_AUTH_CONFIG = RegistrySettings.BASIC_AUTH_CONFIG;
    public static final String REGISTRY_BEARER_TOKEN_CONFIG = RegistrySettings.BEARER_TOKEN_CONFIG;
    public static final String REGISTRY_OAUTH2_TOKEN_URL_CONFIG = RegistrySettings.OAUTH2_TOKEN_URL_CONFIG;
    public static final String REGISTRY_TRUSTSTORE_CONFIG = RegistrySettings.TRUSTSTORE_CONFIG;
    public static final String VERSION_FIELD_CONFIG = "schema.version.field";
    public static final String VERSION_HEADER_CONFIG = "schema.version.header";
    public static final String DRAFT_CONFIG = "json.schema.default.draft";
    public static final String ON_INVALID_CONFIG = "on.invalid";
    public static final String DLQ_TOPIC_CONFIG = "dlq.topic";
    public static final String MAX_VIOLATIONS_CONFIG = "violations.max";

    public static final String HEADER_SCHEMA = ErrorHeaders.PREFIX + "validation.schema";
    public static final String HEADER_VERSION = ErrorHeaders.PREFIX + "validation.schema.version";
    public static final String HEADER_ID = ErrorHeaders.PREFIX + "validation.schema.id";
    public static final String HEADER_VIOLATIONS = ErrorHeaders.PREFIX + "validation.violations";

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef())
            .group("Schema")
            .key(TYPE_CONFIG).defaultValue("json-schema").validator(Validators.oneOf(SchemaType.class))
            .importance(Importance.HIGH).doc("'json-schema' (for maps, JSON text and Structs) or 'avro' (for Structs "
                    + "and maps). Registry schemas carry their own type.").display("Schema type").add()
            .key(INLINE_CONFIG).defaultValue("").validator(inlineSchema()).importance(Importance.HIGH)
            .doc("The schema itself. Give exactly one of schema.inline, schema.file and schema.registry.url.")
            .display("Inline schema").add()
            .key(FILE_CONFIG).defaultValue("").validator(schemaFile()).importance(Importance.HIGH)
            .doc("A schema file, or a directory of schema files, one per version, named by version (1.json, "
                    + "2.json, ...).").display("Schema file").add()
            .key(DRAFT_CONFIG).defaultValue("2020-12").validator(Validators.oneOf("2020-12", "draft-07"))
            .importance(Importance.LOW).doc("JSON Schema draft for schemas without $schema.").display("Default draft").add();
        RegistrySettings.defineUrl(b, "Records are checked against versions of " + REGISTRY_SUBJECT_CONFIG
                + ", fetched on use and cached for " + REGISTRY_TTL_CONFIG + ".")
            .key(REGISTRY_SUBJECT_CONFIG).defaultValue("").importance(Importance.HIGH)
            .doc("Subject whose versions records are checked against.").display("Subject").add()
            .key(REGISTRY_VERSIONS_CONFIG).type(Type.LIST).defaultValue("latest").importance(Importance.MEDIUM)
            .doc("Accepted versions: numbers and/or 'latest', preferred first. Several may be valid at once while a "
                    + "schema evolves.").display("Versions").add()
            .key(REGISTRY_TTL_CONFIG).type(Type.LONG).defaultValue(300_000L).validator(Validators.atLeast(0))
            .importance(Importance.LOW).doc("How long a fetched schema is used before it is fetched again ('latest' "
                    + "moves on then). If the registry cannot be reached, the last copy is kept.").display("Cache TTL (ms)").add();
        return RegistrySettings.defineAccess(b)
            .group("Versions")
            .key(VERSION_FIELD_CONFIG).defaultValue("").validator(FieldPaths.optionalPath()).importance(Importance.MEDIUM)
            .doc("Field naming the schema version a record was written with; that version is then required.")
            .display("Version field").add()
            .key(VERSION_HEADER_CONFIG).defaultValue("").importance(Importance.MEDIUM)
            .doc("Header naming the schema version, as an alternative to schema.version.field.").display("Version header").add()
            .group("Invalid records")
            .key(ON_INVALID_CONFIG).defaultValue("route").validator(Validators.oneOf(OnInvalid.class))
            .importance(Importance.HIGH).doc("'fail' (a DataException naming the violations, handled by the "
                    + "worker's errors.tolerance), 'drop' (counted in records-invalid), or 'route' to dlq.topic.")
            .display("On invalid").add()
            .key(DLQ_TOPIC_CONFIG).defaultValue("${topic}-dlq").validator(FieldPaths.template())
            .importance(Importance.MEDIUM).doc("Topic invalid records are routed to; ${topic} and field paths are "
                    + "filled in.").display("Dead-letter topic").add()
            .key(MAX_VIOLATIONS_CONFIG).type(Type.INT).defaultValue(20).validator(Validators.between(1, 1_000))
            .importance(Importance.LOW).doc("Most violations listed in the tributary.validation.violations header "
                    + "(the count is always complete).").display("Violations listed").add()
            .build();
    }

    private SchemaCatalog catalog;
    private OnInvalid onInvalid;
    private DeadLetterRoute dlq;
    private FieldPath versionField;
    private String versionHeader;
    private int maxViolations;
    private TaskMetrics.Counter valid;
    private TaskMetrics.Counter invalid;

    protected ValidateSchema(RecordSide side) {
        super(side);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
        boolean avro = Validators.parseEnum(SchemaType.class, config.getString(TYPE_CONFIG)) == SchemaType.AVRO;
        SpecificationVersion draft = "draft-07".equals(config.getString(DRAFT_CONFIG))
                ? SpecificationVersion.DRAFT_7 : SpecificationVersion.DRAFT_2020_12;
        String inline = config.getString(INLINE_CONFIG);
        String file = config.getString(FILE_CONFIG);
        String registry = config.getString(REGISTRY_URL_CONFIG);
        int sources = (inline.isBlank() ? 0 : 1) + (file.isBlank() ? 0 : 1) + (registry.isBlank() ? 0 : 1);
        if (sources != 1) {
            throw new ConfigException(INLINE_CONFIG, inline.isBlank() ? "" : "[schema]",
                    "give exactly one of schema.inline, schema.file and schema.registry.url");
        }
        if (!inline.isBlank()) {
            try {
                catalog = SchemaCatalog.Fixed.inline(inline, avro, draft);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(INLINE_CONFIG, "[schema]", e.getMessage());
            }
        } else if (!file.isBlank()) {
            try {
                catalog = SchemaCatalog.Fixed.files(Path.of(file), avro, draft);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException(FILE_CONFIG, file, e.getMessage());
            }
        } else {
            String subject = config.getString(REGISTRY_SUBJECT_CONFIG);
            if (subject.isBlank()) {
                throw new ConfigException(REGISTRY_SUBJECT_CONFIG, subject, "is required with schema.registry.url");
            }
            RegistryClient client = RegistrySettings.client(config);
            catalog = new SchemaCatalog.Registry(client, subject, config.getList(REGISTRY_VERSIONS_CONFIG), avro, draft,
                    Duration.ofMillis(config.getLong(REGISTRY_TTL_CONFIG)));
        }
        onInvalid = Validators.parseEnum(OnInvalid.class, config.getString(ON_INVALID_CONFIG));
        dlq = new DeadLetterRoute(config.getString(DLQ_TOPIC_CONFIG), getClass().getName());
        String field = config.getString(VERSION_FIELD_CONFIG);
        versionField = field.isBlank() ? null : FieldPath.parse(field);
        versionHeader = config.getString(VERSION_HEADER_CONFIG).isBlank() ? null : config.getString(VERSION_HEADER_CONFIG);
        maxViolations = config.getInt(MAX_VIOLATIONS_CONFIG);
        registerMetrics(metrics.metrics);
    }

    @Override
    protected void registerMetrics(TaskMetrics taskMetrics) {
        valid = taskMetrics.counter("records-valid", "records that conform to their schema");
        invalid = taskMetrics.counter("records-invalid", "records that break their schema");
    }

    @Override
    protected R transform(R record) {
        Object value = side.value(record);
        org.apache.kafka.connect.data.Schema schema = side.schema(record);
        String named = namedVersion(record, value);
        CompiledSchema used;
        List<Violation> violations;
        if (named != null) {
            used = catalog.version(named);
            violations = used == null ? List.of(new Violation("$", "version", "schema version " + named
                    + " is not accepted")) : used.validate(value, schema);
        } else {
            List<CompiledSchema> accepted = catalog.accepted();
            used = accepted.get(0);
            violations = used.validate(value, schema);
            for (int i = 1; i < accepted.size() && !violations.isEmpty(); i++) {
                if (accepted.get(i).validate(value, schema).isEmpty()) {
                    used = accepted.get(i);
                    violations = List.of();
                }
            }
        }
        if (violations.isEmpty()) {
            valid.increment();
            return record;
        }
        invalid.increment();
        String summary = summary(violations, used);
        switch (onInvalid) {
            case DROP:
                return null;
            case ROUTE:
                metrics.routed.increment();
                CompiledSchema schemaUsed = used;
                List<Violation> found = violations;
                return dlq.route(record, "validate", SchemaViolationException.class.getName(), summary,
                        headers -> describe(headers, schemaUsed, found));
            case FAIL:
            default:
                throw new SchemaViolationException(summary);
        }
    }

    private String namedVersion(R record, Object value) {
        if (versionHeader != null) {
            Header header = record.headers().lastWithName(versionHeader);
            if (header != null && header.value() != null) {
                return header.value().toString();
            }
        }
        if (versionField != null) {
            Object found = versionField.get(value);
            return found == null ? null : found.toString();
        }
        return null;
    }

    private void describe(Headers headers, CompiledSchema used, List<Violation> violations) {
        if (used != null) {
            headers.addString(HEADER_SCHEMA, used.source());
            headers.addString(HEADER_VERSION, used.version());
            if (used.id() != null) {
                headers.addInt(HEADER_ID, used.id());
            }
        }
        StringWriter json = new StringWriter();
        try (JsonGenerator gen = JsonData.FACTORY.createGenerator(json)) {
            gen.writeStartArray();
            for (Violation v : violations.subList(0, Math.min(maxViolations, violations.size()))) {
                gen.writeStartObject();
                gen.writeStringField("path", v.path());
                gen.writeStringField("rule", v.rule());
                gen.writeStringField("message", v.message());
                gen.writeEndObject();
            }
            gen.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        headers.addString(HEADER_VIOLATIONS, json.toString());
    }

    private static String summary(List<Violation> violations, CompiledSchema used) {
        StringBuilder out = new StringBuilder();
        out.append(violations.size()).append(violations.size() == 1 ? " violation" : " violations");
        if (used != null) {
            out.append(" of ").append(used.source()).append(" version ").append(used.version());
        }
        out.append(": ");
        for (int i = 0; i < Math.min(5, violations.size()); i++) {
            out.append(i == 0 ? "" : "; ").append(violations.get(i).path()).append(' ').append(violations.get(i).rule());
        }
        if (violations.size() > 5) {
            out.append("; ...");
        }
        return out.toString();
    }

    private static ConfigDef.Validator inlineSchema() {
        return Validators.described("a JSON Schema or Avro schema", value -> {
            String text = (String) value;
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                com.fasterxml.jackson.databind.JsonNode node = JsonData.MAPPER.readTree(text);
                if (node == null || !(node.isObject() || node.isBoolean() || node.isTextual() || node.isArray())) {
                    return "is not a schema";
                }
                return schemaProblem(text, node);
            } catch (IOException e) {
                return "is not valid JSON";
            }
        });
    }

    /**
     * What is wrong with an inline schema, judged without the other keys (a validator sees one key): an Avro schema
     * (a record, enum or fixed, a primitive's name, a union) must parse as Avro; anything else must be a JSON Schema
     * valid against its draft's meta-schema, by its {@code $schema}, else against 2020-12 or draft-07 (whichever the
     * default draft turns out to be, the exact check runs again when the task starts).
     */
    private static String schemaProblem(String text, com.fasterxml.jackson.databind.JsonNode node) {
        String type = node.path("type").asText("");
        boolean avro = node.isTextual() || node.isArray() || type.equals("record") || type.equals("enum")
                && node.has("symbols") || type.equals("fixed");
        if (avro) {
            try {
                new org.apache.avro.Schema.Parser().parse(text);
                return null;
            } catch (RuntimeException e) {
                return "not a valid Avro schema: " + e.getMessage();
            }
        }
        String problem = JsonSchemaCompiled.metaSchemaProblem(node, SpecificationVersion.DRAFT_2020_12);
        if (problem != null && !node.has("$schema")
                && JsonSchemaCompiled.metaSchemaProblem(node, SpecificationVersion.DRAFT_7) == null) {
            return null;
        }
        return problem;
    }

    private static ConfigDef.Validator schemaFile() {
        return Validators.described("a readable schema file or directory", value -> {
            String text = (String) value;
            if (text == null || text.isBlank()) {
                return null;
            }
            Path path = Path.of(text);
            return Files.isReadable(path) ? null : "does not exist or cannot be read by the worker";
        });
    }

    /** Thrown for an invalid record with on.invalid=fail; names paths and rules only. */
    public static final class SchemaViolationException extends DataException {
        private static final long serialVersionUID = 1L;

        public SchemaViolationException(String message) {
            super(message);
        }
    }

    /** Validates the key. */
    public static final class Key<R extends ConnectRecord<R>> extends ValidateSchema<R> {
        public Key() {
            super(RecordSide.KEY);
        }
    }

    /** Validates the value. */
    public static final class Value<R extends ConnectRecord<R>> extends ValidateSchema<R> {
        public Value() {
            super(RecordSide.VALUE);
        }
    }
}
