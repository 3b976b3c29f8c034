package io.tributary.connect.source.push.schema;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.data.JsonStructs;
import io.tributary.connect.common.data.RegistrySchemas;
import io.tributary.connect.common.http.HttpAuth;
import io.tributary.connect.common.http.TlsContexts;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code output=struct} for the sources that take JSON events from clients or feeds (HTTP listener, WebSocket server,
 * WebSocket client): every event becomes a Struct of ONE schema, declared in the config ({@code schema.definition})
 * or fetched from a schema registry by subject ({@code schema.registry.url}, {@code schema.subject},
 * {@code schema.version}) once when the task starts — never per record; restarting the task fetches it again.
 */
public final class StructOutput {

    private static final Logger log = LoggerFactory.getLogger(StructOutput.class);

    public static final String DEFINITION_CONFIG = "schema.definition";
    public static final String REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SUBJECT_CONFIG = "schema.subject";
    public static final String VERSION_CONFIG = "schema.version";
    public static final String EXTRA_FIELDS_CONFIG = "schema.extra.fields";
    public static final String STRUCT_NAME_CONFIG = "schema.struct.name";
    public static final String REGISTRY_BASIC_USER_CONFIG = "schema.registry.auth.basic.user";
    public static final String REGISTRY_BASIC_PASSWORD_CONFIG = "schema.registry.auth.basic.password";
    public static final String REGISTRY_BEARER_TOKEN_CONFIG = "schema.registry.auth.bearer.token";
    public static final String REGISTRY_TRUSTSTORE_PATH_CONFIG = "schema.registry.tls.truststore.path";
    public static final String REGISTRY_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.tls.truststore.password";
    public static final String REGISTRY_STORE_TYPE_CONFIG = "schema.registry.tls.store.type";
    public static final String REGISTRY_TIMEOUT_CONFIG = "schema.registry.timeout.ms";

    public static final String DEFAULT_STRUCT_NAME = "tributary.Event";

    private StructOutput() {
    }

    /** The keys, in a group of their own; {@code outputKey} is the source's output key, for the docs. */
    public static void define(ConfigDefBuilder b, String outputKey) {
        b.group("Struct output")
                .key(DEFINITION_CONFIG).defaultValue("").width(Width.LONG).importance(Importance.HIGH)
                .doc("With " + outputKey + "=struct: the events' schema, declared here. Compact form "
                        + "('id:int64, amount:decimal(2), note:string?'), Kafka's JSON schema form "
                        + "({\"type\":\"struct\",\"fields\":[...]}), an Avro record schema "
                        + "({\"type\":\"record\",...}) or a JSON Schema object schema. Set this or "
                        + REGISTRY_URL_CONFIG + " with " + SUBJECT_CONFIG + ".")
                .display("Declared schema").add()
                .key(REGISTRY_URL_CONFIG).defaultValue("").validator(registryUrl()).importance(Importance.HIGH)
                .doc("With " + outputKey + "=struct: the schema registry to fetch the events' schema from, once "
                        + "when a task starts. A URL ending in /apis/registry/v2 speaks Apicurio Registry's own API "
                        + "(the subject is the artifact id in group 'default'); any other the Confluent Schema "
                        + "Registry API (Confluent, Apicurio's /apis/ccompat/v7, Karapace). Avro and JSON Schema "
                        + "schemas are understood. Unreachable at start: the task fails naming URL and subject.")
                .display("Schema registry URL").add()
                .key(SUBJECT_CONFIG).defaultValue("").importance(Importance.HIGH)
                .doc("The subject (Apicurio: artifact id) whose schema the events follow.")
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
                        + "'title'.").display("Struct name").add()
                .key(REGISTRY_BASIC_USER_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("User for HTTP Basic authentication to the registry; empty sends none.")
                .display("Registry user").add()
                .key(REGISTRY_BASIC_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.LOW)
                .doc("Password of " + REGISTRY_BASIC_USER_CONFIG + ".").display("Registry password").add()
                .key(REGISTRY_BEARER_TOKEN_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.LOW)
                .doc("Token sent to the registry as 'Authorization: Bearer <token>'; instead of Basic.")
                .display("Registry bearer token").add()
                .key(REGISTRY_TRUSTSTORE_PATH_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("Trust store for an https registry URL; empty trusts the JVM's default CAs.")
                .display("Registry trust store").add()
                .key(REGISTRY_TRUSTSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .importance(Importance.LOW).doc("Password of the registry trust store.")
                .display("Registry trust store password").add()
                .key(REGISTRY_STORE_TYPE_CONFIG).defaultValue("PKCS12").validator(Validators.oneOf("PKCS12", "JKS"))
                .importance(Importance.LOW).doc("Type of the registry trust store.")
                .display("Registry trust store type").add()
                .key(REGISTRY_TIMEOUT_CONFIG).type(Type.LONG).defaultValue(10_000L)
                .validator(Validators.between(1, 600_000)).importance(Importance.LOW)
                .doc("How long connecting to the registry and each of its answers may take.")
                .display("Registry timeout (ms)").add();
    }

    private static org.apache.kafka.common.config.ConfigDef.Validator registryUrl() {
        return Validators.described("an http:// or https:// URL, or empty", v -> {
            String s = v == null ? "" : v.toString().trim();
            if (s.isEmpty()) {
                return null;
            }
            try {
                URI uri = URI.create(s);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? null
                        : "must be an http:// or https:// URL";
            } catch (IllegalArgumentException e) {
                return "not a URL: " + e.getMessage();
            }
        });
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
        if (v.valid(REGISTRY_BASIC_USER_CONFIG, REGISTRY_BEARER_TOKEN_CONFIG)
                && !blank(v.string(REGISTRY_BASIC_USER_CONFIG))
                && v.value(REGISTRY_BEARER_TOKEN_CONFIG) instanceof Password token && !blank(token.value())) {
            v.error("registry credentials: Basic or Bearer, not both", REGISTRY_BASIC_USER_CONFIG,
                    REGISTRY_BEARER_TOKEN_CONFIG);
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
        Duration timeout = Duration.ofMillis(config.getLong(REGISTRY_TIMEOUT_CONFIG));
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(timeout);
        String truststore = config.getString(REGISTRY_TRUSTSTORE_PATH_CONFIG);
        if (!blank(truststore)) {
            client.sslContext(TlsContexts.of(config.getString(REGISTRY_STORE_TYPE_CONFIG), truststore,
                    password(config, REGISTRY_TRUSTSTORE_PASSWORD_CONFIG), null, null,
                    REGISTRY_TRUSTSTORE_PATH_CONFIG));
        }
        HttpAuth auth = new HttpAuth.None();
        String user = config.getString(REGISTRY_BASIC_USER_CONFIG);
        String token = password(config, REGISTRY_BEARER_TOKEN_CONFIG);
        if (!blank(user)) {
            auth = new HttpAuth.Basic(user, password(config, REGISTRY_BASIC_PASSWORD_CONFIG));
        } else if (!blank(token)) {
            auth = new HttpAuth.Bearer(token.trim());
        }
        try {
            RegistrySchemas.Fetched fetched = new RegistrySchemas(client.build(), auth, timeout)
                    .fetch(url, subject, version);
            Schema schema = fetched.connectSchema(name, subject);
            log.info("{}: events follow the schema of subject '{}' version {} ({}) from {}", connector, subject,
                    fetched.version(), fetched.type(), url);
            return new JsonStructs(schema, extra);
        } catch (RegistrySchemas.RegistryException e) {
            throw new ConnectException(e.getMessage(), e);
        }
    }

    private static String password(AbstractConfig config, String key) {
        Password p = config.getPassword(key);
        return p == null ? "" : p.value();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
