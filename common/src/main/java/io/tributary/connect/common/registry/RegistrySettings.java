package io.tributary.connect.common.registry;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.http.HttpAuth;
import io.tributary.connect.common.http.OAuth2ClientCredentials;
import io.tributary.connect.common.http.TlsContexts;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys every plugin reaches a schema registry with — URL, timeout, TLS stores, and one way of authenticating
 * (Basic, a bearer token, or OAuth2 client credentials) — and the {@link RegistryClient} they make. The names are
 * those of Confluent's registry clients ({@code schema.registry.url}, {@code basic.auth.user.info},
 * {@code bearer.auth.token}, {@code ssl.truststore.location}, ...), which users of registry converters know.
 * ValidateSchema and the push sources' {@code output=struct} define them here; what they fetch (subject, versions)
 * stays their own.
 */
public final class RegistrySettings {

    public static final String GROUP = "Schema registry";

    public static final String URL_CONFIG = "schema.registry.url";
    public static final String TIMEOUT_CONFIG = "schema.registry.timeout.ms";
    public static final String BASIC_AUTH_CONFIG = "schema.registry.basic.auth.user.info";
    public static final String BEARER_TOKEN_CONFIG = "schema.registry.bearer.auth.token";
    public static final String OAUTH2_TOKEN_URL_CONFIG = "schema.registry.oauth2.token.url";
    public static final String OAUTH2_CLIENT_ID_CONFIG = "schema.registry.oauth2.client.id";
    public static final String OAUTH2_CLIENT_SECRET_CONFIG = "schema.registry.oauth2.client.secret";
    public static final String OAUTH2_SCOPE_CONFIG = "schema.registry.oauth2.scope";
    public static final String TRUSTSTORE_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String KEYSTORE_CONFIG = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD_CONFIG = "schema.registry.ssl.keystore.password";
    public static final String STORE_TYPE_CONFIG = "schema.registry.ssl.store.type";

    private static final String URL_DOC = "URL of the schema registry, http or https. A URL whose path holds "
            + "/apis/registry/v2 speaks Apicurio Registry's own API (a subject is an artifact id in the group "
            + "'default'); any other the Confluent Schema Registry API (Confluent, Apicurio's /apis/ccompat/v7, "
            + "Redpanda, Karapace). ";

    private RegistrySettings() {
    }

    /**
     * Opens the {@value #GROUP} group and adds {@link #URL_CONFIG}; {@code use} ends its doc, saying what the plugin
     * fetches and when. The caller's own registry keys (subject, versions) follow, then {@link #defineAccess}.
     */
    public static ConfigDefBuilder defineUrl(ConfigDefBuilder b, String use) {
        return b.group(GROUP)
                .key(URL_CONFIG).defaultValue("").validator(optionalHttpUrl()).importance(Importance.HIGH)
                .doc(URL_DOC + use).display("Registry URL").add();
    }

    /** Adds the timeout, authentication and TLS keys, in the group being defined. */
    public static ConfigDefBuilder defineAccess(ConfigDefBuilder b) {
        return b
                .key(TIMEOUT_CONFIG).type(Type.LONG).defaultValue(5_000L).validator(Validators.atLeast(1))
                .importance(Importance.LOW).doc("How long connecting to the registry and each of its answers may "
                        + "take.").display("Registry timeout (ms)").add()
                .key(BASIC_AUTH_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.MEDIUM)
                .doc("'user:password' for HTTP basic authentication with the registry. Give at most one of this, "
                        + BEARER_TOKEN_CONFIG + " and " + OAUTH2_TOKEN_URL_CONFIG + ".").display("Registry credentials").add()
                .key(BEARER_TOKEN_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.MEDIUM)
                .doc("A static token sent as 'Authorization: Bearer <token>'.").display("Registry bearer token").add()
                .key(OAUTH2_TOKEN_URL_CONFIG).defaultValue("").validator(optionalHttpUrl())
                .importance(Importance.MEDIUM).doc("Token endpoint for OAuth2 client credentials: a token is fetched "
                        + "with the client id and secret (HTTP Basic), kept until shortly before it expires, and "
                        + "fetched again when the registry answers 401.").display("OAuth2 token URL").add()
                .key(OAUTH2_CLIENT_ID_CONFIG).defaultValue("").importance(Importance.MEDIUM)
                .doc("OAuth2 client id.").display("OAuth2 client id").add()
                .key(OAUTH2_CLIENT_SECRET_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.MEDIUM)
                .doc("OAuth2 client secret.").display("OAuth2 client secret").add()
                .key(OAUTH2_SCOPE_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("OAuth2 scope asked for; empty asks for none.").display("OAuth2 scope").add()
                .key(TRUSTSTORE_CONFIG).defaultValue("").importance(Importance.MEDIUM)
                .doc("Trust store for an https registry (and token endpoint) whose certificate the JVM's default "
                        + "trust does not cover; empty uses the JVM's.").display("Registry trust store").add()
                .key(TRUSTSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.LOW)
                .doc("Password of the trust store.").display("Trust store password").add()
                .key(KEYSTORE_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("Key store with this client's certificate, for a registry that asks for one (mutual TLS).")
                .display("Registry key store").add()
                .key(KEYSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.LOW)
                .doc("Password of the key store and its key.").display("Key store password").add()
                .key(STORE_TYPE_CONFIG).defaultValue("PKCS12").validator(Validators.oneOf("PKCS12", "JKS"))
                .importance(Importance.LOW).doc("Type of both stores: PKCS12 or JKS.").display("Store type").add();
    }

    /** The credential rules for {@code Connector.validate()}, each error attached to the keys involved. */
    public static void validate(CrossFieldValidation v) {
        if (!v.valid(BASIC_AUTH_CONFIG, BEARER_TOKEN_CONFIG, OAUTH2_TOKEN_URL_CONFIG, OAUTH2_CLIENT_ID_CONFIG,
                OAUTH2_CLIENT_SECRET_CONFIG)) {
            return;
        }
        Problem problem = credentialsProblem(secret(v.value(BASIC_AUTH_CONFIG)), secret(v.value(BEARER_TOKEN_CONFIG)),
                v.string(OAUTH2_TOKEN_URL_CONFIG), v.string(OAUTH2_CLIENT_ID_CONFIG),
                secret(v.value(OAUTH2_CLIENT_SECRET_CONFIG)));
        if (problem != null) {
            v.error(problem.message(), problem.keys());
        }
    }

    /** The client the keys describe; a ConfigException names the key that is wrong. */
    public static RegistryClient client(AbstractConfig config) {
        Duration timeout = Duration.ofMillis(config.getLong(TIMEOUT_CONFIG));
        SSLContext tls = null;
        String truststore = config.getString(TRUSTSTORE_CONFIG);
        String keystore = config.getString(KEYSTORE_CONFIG);
        if (!truststore.isBlank() || !keystore.isBlank()) {
            tls = TlsContexts.of(config.getString(STORE_TYPE_CONFIG), truststore,
                    secret(config.getPassword(TRUSTSTORE_PASSWORD_CONFIG)), keystore,
                    secret(config.getPassword(KEYSTORE_PASSWORD_CONFIG)), TRUSTSTORE_CONFIG + " / " + KEYSTORE_CONFIG);
        }
        return new RegistryClient(config.getString(URL_CONFIG), RegistryClient.httpClient(tls, timeout),
                auth(config, tls, timeout), timeout);
    }

    private static HttpAuth auth(AbstractConfig config, SSLContext tls, Duration timeout) {
        String basic = secret(config.getPassword(BASIC_AUTH_CONFIG));
        String bearer = secret(config.getPassword(BEARER_TOKEN_CONFIG));
        String tokenUrl = config.getString(OAUTH2_TOKEN_URL_CONFIG);
        String clientId = config.getString(OAUTH2_CLIENT_ID_CONFIG);
        String clientSecret = secret(config.getPassword(OAUTH2_CLIENT_SECRET_CONFIG));
        Problem problem = credentialsProblem(basic, bearer, tokenUrl, clientId, clientSecret);
        if (problem != null) {
            throw new ConfigException(problem.keys()[0], "[hidden]", problem.message());
        }
        if (basic != null) {
            int colon = basic.indexOf(':');
            return new HttpAuth.Basic(basic.substring(0, colon), basic.substring(colon + 1));
        }
        if (bearer != null) {
            return new HttpAuth.Bearer(bearer);
        }
        if (!tokenUrl.isBlank()) {
            return new OAuth2ClientCredentials(URI.create(tokenUrl.trim()), clientId, clientSecret,
                    config.getString(OAUTH2_SCOPE_CONFIG), RegistryClient.httpClient(tls, timeout),
                    System::currentTimeMillis);
        }
        return new HttpAuth.None();
    }

    private record Problem(String message, String... keys) {
    }

    /** What is wrong with the credentials given (blank ones are null), or null. */
    private static Problem credentialsProblem(String basic, String bearer, String tokenUrl, String clientId,
                                              String clientSecret) {
        boolean oauth2 = tokenUrl != null && !tokenUrl.isBlank();
        List<String> given = new ArrayList<>(3);
        if (basic != null) {
            given.add(BASIC_AUTH_CONFIG);
        }
        if (bearer != null) {
            given.add(BEARER_TOKEN_CONFIG);
        }
        if (oauth2) {
            given.add(OAUTH2_TOKEN_URL_CONFIG);
        }
        if (given.size() > 1) {
            return new Problem("give at most one of " + BASIC_AUTH_CONFIG + ", " + BEARER_TOKEN_CONFIG + " and "
                    + OAUTH2_TOKEN_URL_CONFIG, given.toArray(String[]::new));
        }
        if (basic != null && basic.indexOf(':') < 0) {
            return new Problem("must be 'user:password'", BASIC_AUTH_CONFIG);
        }
        if (oauth2 && (clientId == null || clientId.isBlank() || clientSecret == null)) {
            return new Problem("OAuth2 needs " + OAUTH2_CLIENT_ID_CONFIG + " and " + OAUTH2_CLIENT_SECRET_CONFIG,
                    OAUTH2_CLIENT_ID_CONFIG, OAUTH2_CLIENT_SECRET_CONFIG);
        }
        return null;
    }

    private static Validator optionalHttpUrl() {
        return Validators.described("empty, or an http(s) URL", value -> {
            String text = value == null ? "" : value.toString().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                URI uri = new URI(text);
                return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                        && uri.getHost() != null ? null : "must be an http or https URL";
            } catch (URISyntaxException e) {
                return "must be an http or https URL";
            }
        });
    }

    private static String secret(Object value) {
        String text = value instanceof Password password ? password.value() : null;
        return text == null || text.isEmpty() ? null : text;
    }
}
