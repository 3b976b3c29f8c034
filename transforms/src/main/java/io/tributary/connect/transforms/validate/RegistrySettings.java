package io.tributary.connect.transforms.validate;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.http.HttpAuth;
import io.tributary.connect.common.http.OAuth2ClientCredentials;
import io.tributary.connect.common.http.TlsContexts;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;

/**
 * ValidateSchema's keys for reaching a schema registry — URL, TLS stores, and one way of authenticating (Basic,
 * a bearer token, or OAuth2 client credentials) — and the {@link RegistryClient} they make. The names follow the
 * {@code schema.registry.*} keys users know from registry converters where one exists.
 */
final class RegistrySettings {

    static final String URL_CONFIG = "schema.registry.url";
    static final String TIMEOUT_CONFIG = "schema.registry.timeout.ms";
    static final String BASIC_AUTH_CONFIG = "schema.registry.basic.auth.user.info";
    static final String BEARER_TOKEN_CONFIG = "schema.registry.bearer.auth.token";
    static final String OAUTH2_TOKEN_URL_CONFIG = "schema.registry.oauth2.token.url";
    static final String OAUTH2_CLIENT_ID_CONFIG = "schema.registry.oauth2.client.id";
    static final String OAUTH2_CLIENT_SECRET_CONFIG = "schema.registry.oauth2.client.secret";
    static final String OAUTH2_SCOPE_CONFIG = "schema.registry.oauth2.scope";
    static final String TRUSTSTORE_CONFIG = "schema.registry.ssl.truststore.location";
    static final String TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    static final String KEYSTORE_CONFIG = "schema.registry.ssl.keystore.location";
    static final String KEYSTORE_PASSWORD_CONFIG = "schema.registry.ssl.keystore.password";
    static final String STORE_TYPE_CONFIG = "schema.registry.ssl.store.type";

    private RegistrySettings() {
    }

    /** Adds the authentication and TLS keys (after the registry group's URL, subject and cache keys). */
    static ConfigDefBuilder define(ConfigDefBuilder b) {
        return b
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

    /** The client the keys describe; a ConfigException names the key that is wrong. */
    static RegistryClient client(AbstractConfig config) {
        Duration timeout = Duration.ofMillis(config.getLong(TIMEOUT_CONFIG));
        SSLContext tls = null;
        String truststore = config.getString(TRUSTSTORE_CONFIG);
        String keystore = config.getString(KEYSTORE_CONFIG);
        if (!truststore.isBlank() || !keystore.isBlank()) {
            tls = TlsContexts.of(config.getString(STORE_TYPE_CONFIG), truststore,
                    secret(config, TRUSTSTORE_PASSWORD_CONFIG), keystore, secret(config, KEYSTORE_PASSWORD_CONFIG),
                    TRUSTSTORE_CONFIG + " / " + KEYSTORE_CONFIG);
        }
        return new RegistryClient(config.getString(URL_CONFIG), auth(config, tls, timeout), tls, timeout);
    }

    private static HttpAuth auth(AbstractConfig config, SSLContext tls, Duration timeout) {
        String basic = secret(config, BASIC_AUTH_CONFIG);
        String bearer = secret(config, BEARER_TOKEN_CONFIG);
        String tokenUrl = config.getString(OAUTH2_TOKEN_URL_CONFIG);
        int given = (basic == null ? 0 : 1) + (bearer == null ? 0 : 1) + (tokenUrl.isBlank() ? 0 : 1);
        if (given > 1) {
            throw new ConfigException(BASIC_AUTH_CONFIG, "[hidden]", "give at most one of " + BASIC_AUTH_CONFIG + ", "
                    + BEARER_TOKEN_CONFIG + " and " + OAUTH2_TOKEN_URL_CONFIG);
        }
        if (basic != null) {
            int colon = basic.indexOf(':');
            if (colon < 0) {
                throw new ConfigException(BASIC_AUTH_CONFIG, "[hidden]", "must be 'user:password'");
            }
            return new HttpAuth.Basic(basic.substring(0, colon), basic.substring(colon + 1));
        }
        if (bearer != null) {
            return new HttpAuth.Bearer(bearer);
        }
        if (!tokenUrl.isBlank()) {
            String clientId = config.getString(OAUTH2_CLIENT_ID_CONFIG);
            String clientSecret = secret(config, OAUTH2_CLIENT_SECRET_CONFIG);
            if (clientId.isBlank() || clientSecret == null) {
                throw new ConfigException(OAUTH2_CLIENT_ID_CONFIG, clientId, "OAuth2 needs "
                        + OAUTH2_CLIENT_ID_CONFIG + " and " + OAUTH2_CLIENT_SECRET_CONFIG);
            }
            return new OAuth2ClientCredentials(URI.create(tokenUrl), clientId, clientSecret,
                    config.getString(OAUTH2_SCOPE_CONFIG), RegistryClient.httpClient(tls, timeout),
                    System::currentTimeMillis);
        }
        return new HttpAuth.None();
    }

    private static org.apache.kafka.common.config.ConfigDef.Validator optionalHttpUrl() {
        return Validators.described("empty, or an http(s) URL", value -> {
            String text = value == null ? "" : value.toString().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                URI uri = new URI(text);
                return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                        ? null : "must be an http or https URL";
            } catch (java.net.URISyntaxException e) {
                return "must be an http or https URL";
            }
        });
    }

    private static String secret(AbstractConfig config, String key) {
        Password password = config.getPassword(key);
        return password == null || password.value().isEmpty() ? null : password.value();
    }
}
