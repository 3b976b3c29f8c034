package io.tributary.connect.source.push.schema;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.JsonStructs;
import io.tributary.connect.common.registry.RegistryClient;
import io.tributary.connect.common.registry.RegistrySettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * {@code output=struct} for the sources that take JSON events from clients or feeds (HTTP listener, WebSocket server,
 * WebSocket client): every event becomes a Struct of ONE schema, declared in the config ({@code schema.definition})
 * or fetched from a schema registry by subject ({@code schema.registry.url}, {@code schema.subject},
 * {@code schema.version}) once when the task starts — never per record; restarting the task fetches it again. The
 * registry is reached with common's {@link RegistrySettings} keys, the same as ValidateSchema's.
 */
public final class StructOutput {

    private static final Logger log = LoggerFactory.getLogger(StructOutput.class);

    public static final String DEFINITION_CONFIG = "schema.definition";
    public static final String REGISTRY_URL_CONFIG = RegistrySettings.URL_CONFIG;
    public static final String SUBJECT_CONFIG = "schema.subject";
    public static final String VERSION_CONFIG = "schema.version";
    public static final String EXTRA_FIELDS_CONFIG = "schema.extra.fields";
    public static final String STRUCT_NAME_CONFIG = "schema.struct.name";

    public static final String DEFAULT_STRUCT_NAME = "tributary.Event";

    private StructOutput() {
    }

    /**
     * The keys: the events' own in a group of their own, then the registry's ({@link RegistrySettings});
     * {@code outputKey} is the source's output key, for the docs.
     */
    public static void define(ConfigDefBuilder b, String outputKey) {
        b.group("Struct output")
                .key(DEFINITION_CONFIG).defaultValue("").width(Width.LONG).importance(Importance.HIGH)
                .doc("With " + outputKey + "=struct: the events' schema, declared here. Compact form "
                        + "('id:int64, amount:decimal(2), note:string?'), Kafka's JSON schema form "
                        + "({\"type\":\"struct\",\"fields\":[...]}), an Avro record schema "
                        + "({\"type\":\"record\",...}) or a JSON Schema object schema. Set this or "
                        + REGISTRY_URL_CONFIG + " with " + SUBJECT_CONFIG + ".")
                .display("Declared schema").add()
                .key(SUBJECT_CONFIG).defaultValue("").importance(Importance.HIGH)
                .doc("With " + REGISTRY_URL_CONFIG + ": the subject (Apicurio's own API: artifact id) whose schema "
                        + "the events follow.")
                .display("Schema subject").add()
                .key(VERSION_CONFIG).defaultValue("latest").validator(Validators.described("'latest' or a version "
                        + "number", v -> "latest".equals(v) || v.toString().matches("[1-9][0-9]{0,9}") ? null
                        : "must be 'latest' or a version number"))
                .doc("The subject's version: 'latest' (as of the task's start) or a number. The schema is fetched "
                        + "once per task start; restart the connector to take a newer 'latest'.")
                .display("Schema version").add()
                .key(EXTRA_FIELDS_CONFIG).defaultValue("ignore").validator(Validators.oneOf(JsonStructs.ExtraFields.class))
                .doc("A JSON field the schema does not have: 'ignore' (left out of the record) or 'reject' (the "
                        + "event is a dead letter naming the field).").display("Extra fields").add()
                .key(STRUCT_NAME_CONFIG).defaultValue(DEFAULT_STRUCT_NAME).importance(Importance.LOW)
                .doc("Name of the struct (the Avro record's full name under a registry converter) when the schema "
                        + "does not name it: compact form, Kafka JSON form without 'name', JSON Schema without "
                        + "'title'.").display("Struct name").add();
        RegistrySettings.defineUrl(b, "With " + outputKey + "=struct: the events' schema is fetched from it ("
                + SUBJECT_CONFIG + ", " + VERSION_CONFIG + ") once when a task starts; Avro and JSON Schema schemas "
                + "are understood. Unreachable at start: the task fails naming URL and subject.");
        RegistrySettings.defineAccess(b);
    }

    /** Cross-key rules, given whether the source's output is 'struct'. */
    public static void validate(CrossFieldValidation v, String outputKey, boolean struct) {
        boolean declared = v.valid(DEFINITION_CONFIG) && !blank(v.string(DEFINITION_CONFIG));
        boolean registry = v.valid(REGISTRY_URL_CONFIG) && !blank(v.string(REGISTRY_URL_CONFIG));
        boolean subject = v.valid(SUBJECT_CONFIG) && !blank(v.string(SUBJECT_CONFIG));
        if (!struct) {
            if (declared || registry) {
                v.error("a schema is used only with " + outputKey + "=struct", outputKey,
                        declared ? DEFINITION_CONFIG : REGISTRY_URL_CONFIG);
            }
            return;
        }
        if (declared && (registry || subject)) {
            v.error("declare the schema or fetch it from a registry, not both", DEFINITION_CONFIG,
                    REGISTRY_URL_CONFIG, SUBJECT_CONFIG);
        } else if (!declared && !registry && !subject) {
            v.error(outputKey + "=struct needs a schema: set " + DEFINITION_CONFIG + ", or " + REGISTRY_URL_CONFIG
                    + " and " + SUBJECT_CONFIG, outputKey, DEFINITION_CONFIG, REGISTRY_URL_CONFIG);
        } else if (registry != subject) {
            v.error("a schema from the registry needs both " + REGISTRY_URL_CONFIG + " and " + SUBJECT_CONFIG,
                    REGISTRY_URL_CONFIG, SUBJECT_CONFIG);
        }
        if (declared && v.valid(STRUCT_NAME_CONFIG)) {
            try {
                JsonStructs.schema(v.string(DEFINITION_CONFIG), v.string(STRUCT_NAME_CONFIG));
            } catch (IllegalArgumentException e) {
                v.error("not a usable schema: " + e.getMessage(), DEFINITION_CONFIG);
            }
        }
        if (registry) {
            RegistrySettings.validate(v);
        }
    }

    /**
     * The converter of this source's events: the declared schema, or the one fetched from the registry (once, here).
     *
     * @throws ConnectException naming URL and subject when the registry cannot give the schema
     */
    public static JsonStructs load(AbstractConfig config, String connector) {
        JsonStructs.ExtraFields extra = Validators.parseEnum(JsonStructs.ExtraFields.class,
                config.getString(EXTRA_FIELDS_CONFIG));
        String name = config.getString(STRUCT_NAME_CONFIG);
        String declared = config.getString(DEFINITION_CONFIG);
        if (!blank(declared)) {
            try {
                return new JsonStructs(JsonStructs.schema(declared, name), extra);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(DEFINITION_CONFIG, "(declared schema)", e.getMessage());
            }
        }
        String url = config.getString(REGISTRY_URL_CONFIG).trim();
        String subject = config.getString(SUBJECT_CONFIG).trim();
        String version = config.getString(VERSION_CONFIG);
        if (blank(url) || blank(subject)) {
            throw new ConfigException("output=struct needs " + DEFINITION_CONFIG + ", or " + REGISTRY_URL_CONFIG
                    + " and " + SUBJECT_CONFIG);
        }
        RegistryClient client = RegistrySettings.client(config);
        RegistryClient.Registered fetched;
        try {
            fetched = client.fetch(subject, version);
        } catch (IOException e) {
            throw new ConnectException("Cannot fetch subject '" + subject + "' version " + version
                    + " from the schema registry at " + url + ": " + RegistryClient.describe(e), e);
        }
        Schema schema = connectSchema(fetched, name, url);
        log.info("{}: events follow the schema of subject '{}' version {} ({}) from {}", connector, subject,
                fetched.version(), fetched.type(), url);
        return new JsonStructs(schema, extra);
    }

    /** The Connect struct schema of a registered Avro or JSON Schema schema; {@code defaultName} when it has none. */
    private static Schema connectSchema(RegistryClient.Registered registered, String defaultName, String url) {
        try {
            return switch (registered.type()) {
                case "AVRO" -> JsonStructs.fromAvro(registered.schema());
                case "JSON" -> JsonStructs.fromJsonSchema(JsonData.MAPPER.readTree(registered.schema()), defaultName);
                default -> throw new IllegalArgumentException("its type is " + registered.type() + "; Avro and JSON "
                        + "Schema are supported");
            };
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectException("The schema of subject '" + registered.subject() + "' version "
                    + registered.version() + " at " + url + " cannot be used: " + e.getMessage());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
