package io.tributary.processor.config;

import io.tributary.connect.common.auth.RequestAuthenticator;
import io.tributary.connect.common.auth.ServerAuthConfig;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.http.TlsContexts;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.SSLContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may use the operations endpoint, and over what: the config file's {@code http.auth.*} keys (the push sources'
 * {@code auth.*} keys, from common's {@link ServerAuthConfig}, behind {@code http.}) and {@code http.tls.*} keys (as
 * the push sources' {@code listener.tls.*}). {@code /health} and {@code /ready} are always open (probes carry no
 * credentials); {@code /metrics} is open unless {@code http.auth.metrics.enabled} is true.
 * <p>
 * Values go through Kafka's config machinery, so the Kafka Streams settings' {@code config.providers} resolve them
 * too ({@code http.auth.api.keys: ${file:/etc/tributary/ops.properties:keys}}), and secrets are {@link Password}s
 * that print as {@code [hidden]}.
 */
public final class OpsSecurity {

    public enum ClientAuth { NONE, REQUESTED, REQUIRED }

    /** The prefix of every key in the config file. */
    public static final String PREFIX = "http.";
    public static final String METRICS_AUTH_CONFIG = "auth.metrics.enabled";
    public static final String TLS_KEYSTORE_PATH_CONFIG = "tls.keystore.path";
    public static final String TLS_KEYSTORE_PASSWORD_CONFIG = "tls.keystore.password";
    public static final String TLS_TRUSTSTORE_PATH_CONFIG = "tls.truststore.path";
    public static final String TLS_TRUSTSTORE_PASSWORD_CONFIG = "tls.truststore.password";
    public static final String TLS_STORE_TYPE_CONFIG = "tls.store.type";
    public static final String TLS_CLIENT_AUTH_CONFIG = "tls.client.auth";

    /** The HMAC keys: webhook signatures over a request body, which the endpoint's GET requests do not have. */
    private static final String HMAC_PREFIX = "auth.hmac.";
    private static final ConfigDef KEYS = keys();
    /** Every key the config file may hold, with the prefix. */
    static final Set<String> NAMES = names();
    private static final OpsSecurity OPEN = new OpsSecurity(null);

    private final AbstractConfig config;

    private OpsSecurity(AbstractConfig config) {
        this.config = config;
    }

    /** No authentication and no TLS: the endpoint as a config without {@code http.auth.*} and {@code http.tls.*} has it. */
    public static OpsSecurity open() {
        return OPEN;
    }

    /**
     * Parses and checks the keys (without the prefix) and builds the authenticator once, so a config that loads is
     * one whose endpoint can start.
     *
     * @param providers the Kafka Streams settings' {@code config.providers*} entries, to resolve variables with
     * @throws ConfigError naming the key with its prefix
     */
    static OpsSecurity parse(Map<String, String> keys, Map<String, String> providers, String where) {
        if (keys.isEmpty()) {
            return OPEN;
        }
        Map<String, Object> props = new LinkedHashMap<>(providers);
        props.putAll(keys);
        OpsSecurity security;
        try {
            security = new OpsSecurity(new AbstractConfig(KEYS, props, false));
            for (Object type : security.config.getList(ServerAuthConfig.AUTH_TYPE_CONFIG)) {
                if (type.toString().trim().equalsIgnoreCase("hmac")) {
                    throw new ConfigException(ServerAuthConfig.AUTH_TYPE_CONFIG, type,
                            "'hmac' signs request bodies, and the operations endpoint has GET requests only: use "
                                    + "api-key or jwt");
                }
            }
            if (security.clientAuth() != ClientAuth.NONE && (!security.tls() || blank(security.truststorePath()))) {
                throw new ConfigException(TLS_CLIENT_AUTH_CONFIG, security.clientAuth().name().toLowerCase(),
                        "client certificates need TLS (" + PREFIX + TLS_KEYSTORE_PATH_CONFIG + ") and a trust store to "
                                + "check them against (" + PREFIX + TLS_TRUSTSTORE_PATH_CONFIG + ")");
            }
            security.authenticator();
            if (security.tls()) {
                security.sslContext();
            }
        } catch (ConfigException e) {
            // Kafka's messages name the key without our prefix; values of PASSWORD keys print as [hidden].
            throw new ConfigError(where + ": " + prefixed(e.getMessage()));
        }
        return security;
    }

    /** The authenticator of the {@code http.auth.*} keys, or null when {@code auth.type} is none. */
    public RequestAuthenticator authenticator() {
        if (config == null || config.getList(ServerAuthConfig.AUTH_TYPE_CONFIG).stream()
                .allMatch(t -> t.trim().equalsIgnoreCase("none"))) {
            return null;
        }
        return ServerAuthConfig.build(config);
    }

    /** Whether {@code /metrics} asks for the same credentials as the window queries. */
    public boolean metricsNeedAuth() {
        return config != null && config.getBoolean(METRICS_AUTH_CONFIG);
    }

    public boolean tls() {
        return config != null && !blank(config.getString(TLS_KEYSTORE_PATH_CONFIG));
    }

    /** The server's TLS context from its key store (and trust store, for client certificates). */
    public SSLContext sslContext() {
        return TlsContexts.of(config.getString(TLS_STORE_TYPE_CONFIG), truststorePath(),
                secret(TLS_TRUSTSTORE_PASSWORD_CONFIG), config.getString(TLS_KEYSTORE_PATH_CONFIG),
                secret(TLS_KEYSTORE_PASSWORD_CONFIG), PREFIX + TLS_KEYSTORE_PATH_CONFIG + "/" + PREFIX
                        + TLS_TRUSTSTORE_PATH_CONFIG);
    }

    public ClientAuth clientAuth() {
        return config == null ? ClientAuth.NONE
                : Validators.parseEnum(ClientAuth.class, config.getString(TLS_CLIENT_AUTH_CONFIG));
    }

    /** For logs: what is on, never a value. */
    @Override
    public String toString() {
        return "auth " + (config == null ? "none" : String.join(",", config.getList(ServerAuthConfig.AUTH_TYPE_CONFIG)))
                + ", TLS " + (tls() ? "on (client certificates " + clientAuth().name().toLowerCase() + ")" : "off")
                + ", /metrics " + (metricsNeedAuth() ? "authenticated" : "open");
    }

    private String truststorePath() {
        return config.getString(TLS_TRUSTSTORE_PATH_CONFIG);
    }

    private String secret(String key) {
        Password p = config.getPassword(key);
        return p == null ? null : p.value();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Kafka's "... for configuration auth.type: ..." with the config file's key name. */
    private static String prefixed(String message) {
        String out = message;
        for (String name : new TreeSet<>(KEYS.names()).descendingSet()) {
            out = out.replace("configuration " + name, "configuration " + PREFIX + name)
                    .replace(" in " + name, " in " + PREFIX + name);
        }
        return out;
    }

    private static ConfigDef keys() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        ServerAuthConfig.define(b);
        b.key(METRICS_AUTH_CONFIG).type(Type.BOOLEAN).defaultValue(false)
                .doc("Whether /metrics asks for credentials too (Prometheus sends a bearer token). /health and /ready "
                        + "are always open.").display("Authenticate /metrics").add();
        b.group("TLS")
                .key(TLS_KEYSTORE_PATH_CONFIG).defaultValue("")
                .doc("Key store with the endpoint's certificate and key: set, the endpoint speaks HTTPS only.")
                .display("TLS key store").add()
                .key(TLS_KEYSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc("Password of the key store and its key.").display("TLS key store password").add()
                .key(TLS_TRUSTSTORE_PATH_CONFIG).defaultValue("")
                .doc("Trust store with the certificates that client certificates are checked against.")
                .display("TLS trust store").add()
                .key(TLS_TRUSTSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc("Password of the trust store.").display("TLS trust store password").add()
                .key(TLS_STORE_TYPE_CONFIG).defaultValue("PKCS12").validator(Validators.oneOf("PKCS12", "JKS"))
                .doc("Type of the key and trust stores.").display("TLS store type").add()
                .key(TLS_CLIENT_AUTH_CONFIG).defaultValue("none").validator(Validators.oneOf(ClientAuth.class))
                .doc("Whether clients must present a certificate that the trust store vouches for.")
                .display("TLS client certificates").add();
        return b.build();
    }

    private static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String name : KEYS.names()) {
            if (!name.startsWith(HMAC_PREFIX)) {
                names.add(PREFIX + name);
            }
        }
        return Set.copyOf(names);
    }

    /** The keys of a parsed config file that are this class's, without the prefix. */
    static Map<String, String> select(Map<String, String> top) {
        Map<String, String> out = new LinkedHashMap<>();
        top.forEach((k, v) -> {
            if (NAMES.contains(k)) {
                out.put(k.substring(PREFIX.length()), v);
            }
        });
        return out;
    }
}
