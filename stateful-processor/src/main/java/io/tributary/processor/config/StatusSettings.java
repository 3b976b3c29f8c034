package io.tributary.processor.config;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.http.TlsContexts;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the operations endpoint's {@code /pipeline/status} and {@code /events/stats} look besides Kafka: the config
 * file's {@code status.*} keys — the Connect cluster's REST API (its URLs, Basic credentials and TLS), the workers'
 * Prometheus endpoints (the JMX exporter's), and how often the stats sampler looks. Without
 * {@code status.connect.url} both answer for the processor's jobs only.
 * <p>
 * As {@link OpsSecurity}'s keys, values go through Kafka's config machinery: config providers resolve them, and the
 * password prints as {@code [hidden]}. The reference page, {@code docs/config/ProcessorStatus.md}, is generated
 * from {@link #definition()}.
 */
public final class StatusSettings {

    /** The prefix of every key in the config file. */
    public static final String PREFIX = "status.";
    public static final String CONNECT_URL_CONFIG = "status.connect.url";
    public static final String CONNECT_OTHER_URLS_CONFIG = "status.connect.other.urls";
    public static final String CONNECT_USERNAME_CONFIG = "status.connect.auth.username";
    public static final String CONNECT_PASSWORD_CONFIG = "status.connect.auth.password";
    public static final String CONNECT_TRUSTSTORE_PATH_CONFIG = "status.connect.tls.truststore.path";
    public static final String CONNECT_TRUSTSTORE_PASSWORD_CONFIG = "status.connect.tls.truststore.password";
    public static final String CONNECT_KEYSTORE_PATH_CONFIG = "status.connect.tls.keystore.path";
    public static final String CONNECT_KEYSTORE_PASSWORD_CONFIG = "status.connect.tls.keystore.password";
    public static final String CONNECT_STORE_TYPE_CONFIG = "status.connect.tls.store.type";
    public static final String METRICS_URL_CONFIG = "status.connect.metrics.url";
    public static final String SAMPLE_INTERVAL_CONFIG = "status.sample.interval.ms";
    public static final String REQUEST_TIMEOUT_CONFIG = "status.request.timeout.ms";

    private static final ConfigDef KEYS = keys();
    /** Every key the config file may hold, with the prefix. */
    static final Set<String> NAMES = names();
    private static final StatusSettings NONE = new StatusSettings(new AbstractConfig(KEYS, Map.of(), false));

    private final AbstractConfig config;

    private StatusSettings(AbstractConfig config) {
        this.config = config;
    }

    /** No Connect cluster and no worker metrics: the endpoints show the processor's jobs only. */
    public static StatusSettings none() {
        return NONE;
    }

    /**
     * The settings of these keys (without the prefix), for embedding (the launcher passes its worker's URL).
     *
     * @throws ConfigError naming the key with its prefix
     */
    public static StatusSettings of(Map<String, String> keys) {
        return parse(keys, Map.of(), "status settings");
    }

    /** The keys' definitions: for the generated reference page. */
    public static ConfigDef definition() {
        return KEYS;
    }

    static StatusSettings parse(Map<String, String> keys, Map<String, String> providers, String where) {
        if (keys.isEmpty()) {
            return NONE;
        }
        Map<String, Object> props = new LinkedHashMap<>(providers);
        props.putAll(keys);
        try {
            StatusSettings settings = new StatusSettings(new AbstractConfig(KEYS, props, false));
            for (String url : settings.connectUrls()) {
                checkUrl(CONNECT_URL_CONFIG, url);
            }
            for (String url : settings.metricsUrls()) {
                checkUrl(METRICS_URL_CONFIG, url);
            }
            for (String url : settings.otherConnectUrls()) {
                checkUrl(CONNECT_OTHER_URLS_CONFIG, url);
            }
            if (settings.connectUrls().isEmpty() && !settings.otherConnectUrls().isEmpty()) {
                throw new ConfigException(CONNECT_OTHER_URLS_CONFIG, settings.otherConnectUrls(), "further Connect "
                        + "clusters are read beside the one " + CONNECT_URL_CONFIG + " names: set it too");
            }
            if (settings.connectUrls().isEmpty() && !settings.metricsUrls().isEmpty()) {
                throw new ConfigException(METRICS_URL_CONFIG, settings.metricsUrls(), "the workers' metrics are "
                        + "read per connector task, which " + CONNECT_URL_CONFIG + " lists: set it too");
            }
            if (settings.username() != null ^ settings.password() != null) {
                throw new ConfigException(CONNECT_USERNAME_CONFIG, settings.username(), "Basic authentication "
                        + "needs both " + CONNECT_USERNAME_CONFIG + " and " + CONNECT_PASSWORD_CONFIG);
            }
            settings.sslContext();
            return settings;
        } catch (ConfigException e) {
            throw new ConfigError(where + ": " + e.getMessage());
        }
    }

    private static void checkUrl(String key, String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, url, "not an http:// or https:// URL");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new ConfigException(key, url, "not an http:// or https:// URL");
        }
    }

    /** The Connect REST URLs, tried in turn (any worker of a cluster answers for all of it); empty when none. */
    public List<String> connectUrls() {
        return config.getList(CONNECT_URL_CONFIG).stream().map(u -> u.trim().replaceAll("/+$", ""))
                .filter(u -> !u.isEmpty()).toList();
    }

    /** Further Connect clusters, one REST URL each, whose connectors are listed beside the first cluster's. */
    public List<String> otherConnectUrls() {
        return config.getList(CONNECT_OTHER_URLS_CONFIG).stream().map(u -> u.trim().replaceAll("/+$", ""))
                .filter(u -> !u.isEmpty()).toList();
    }

    /** The workers' Prometheus endpoints (each worker's own: per-task metrics live on the worker running the task). */
    public List<String> metricsUrls() {
        return config.getList(METRICS_URL_CONFIG).stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
    }

    public String username() {
        String user = config.getString(CONNECT_USERNAME_CONFIG);
        return user == null || user.isBlank() ? null : user;
    }

    public String password() {
        Password p = config.getPassword(CONNECT_PASSWORD_CONFIG);
        return p == null ? null : p.value();
    }

    /** The TLS context for https URLs (the JVM's trust when no trust store is set). */
    public SSLContext sslContext() {
        return TlsContexts.of(config.getString(CONNECT_STORE_TYPE_CONFIG),
                config.getString(CONNECT_TRUSTSTORE_PATH_CONFIG), secret(CONNECT_TRUSTSTORE_PASSWORD_CONFIG),
                config.getString(CONNECT_KEYSTORE_PATH_CONFIG), secret(CONNECT_KEYSTORE_PASSWORD_CONFIG),
                CONNECT_TRUSTSTORE_PATH_CONFIG + "/" + CONNECT_KEYSTORE_PATH_CONFIG);
    }

    public Duration sampleInterval() {
        return Duration.ofMillis(config.getLong(SAMPLE_INTERVAL_CONFIG));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(config.getLong(REQUEST_TIMEOUT_CONFIG));
    }

    private String secret(String key) {
        Password p = config.getPassword(key);
        return p == null ? null : p.value();
    }

    /** For logs: the URLs and whether credentials are set, never a secret. */
    @Override
    public String toString() {
        return "status: Connect " + (connectUrls().isEmpty() ? "not configured" : connectUrls()
                + (username() == null ? "" : " (Basic auth)")) + ", worker metrics "
                + (metricsUrls().isEmpty() ? "not configured" : metricsUrls().toString())
                + ", samples every " + sampleInterval().toMillis() + " ms";
    }

    private static ConfigDef keys() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        b.group("Connect")
                .key(CONNECT_URL_CONFIG).type(Type.LIST).defaultValue("")
                .doc("The Connect cluster's REST API one or more workers' "
                        + "URLs tried in turn, e.g. http://127.0.0.1:8083. Set, /pipeline/status and /events/stats "
                        + "list every connector with its tasks, topics, dead-letter topics and lag; unset, the "
                        + "processor's jobs only.")
                .display("Connect REST URLs").add()
                .key(CONNECT_OTHER_URLS_CONFIG).type(Type.LIST).defaultValue("")
                .doc("Further Connect clusters (their own group.id), one REST URL each, e.g. the push-source "
                        + "worker group that ./tributary up runs (http://127.0.0.1:8084): their connectors are "
                        + "listed beside those of " + CONNECT_URL_CONFIG + "'s cluster, with the same credentials "
                        + "and TLS. One that does not answer makes the status DEGRADED; the others are still "
                        + "listed.")
                .display("Other Connect clusters").add()
                .key(CONNECT_USERNAME_CONFIG).defaultValue(null)
                .doc("User for the REST API's Basic authentication (Connect's rest.extension.classes with "
                        + "BasicAuthSecurityRestExtension, or a proxy in front).").display("Connect REST user").add()
                .key(CONNECT_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc("Password of that user.").display("Connect REST password").add()
                .key(METRICS_URL_CONFIG).type(Type.LIST).defaultValue("")
                .doc("The workers' Prometheus endpoints (the JMX exporter's agent, e.g. http://127.0.0.1:9404/metrics), "
                        + "one per worker: per-task records in and out, errors and dead letters as Connect counts "
                        + "them. Unset, rates come from topic offsets only.")
                .display("Worker metrics URLs").add();
        b.group("Connect TLS")
                .key(CONNECT_TRUSTSTORE_PATH_CONFIG).defaultValue("")
                .doc("Trust store with the CA of https Connect and metrics URLs (else the JVM's default trust).")
                .display("Trust store").add()
                .key(CONNECT_TRUSTSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc("Password of the trust store.").display("Trust store password").add()
                .key(CONNECT_KEYSTORE_PATH_CONFIG).defaultValue("")
                .doc("Key store with this client's certificate, for workers that ask for one "
                        + "(listeners.https.ssl.client.authentication).").display("Key store").add()
                .key(CONNECT_KEYSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc("Password of the key store and its key.").display("Key store password").add()
                .key(CONNECT_STORE_TYPE_CONFIG).defaultValue("PKCS12").validator(Validators.oneOf("PKCS12", "JKS"))
                .doc("Type of the trust and key stores.").display("Store type").add();
        b.group("Sampling")
                .key(SAMPLE_INTERVAL_CONFIG).type(Type.LONG).defaultValue(10_000L)
                .validator(Validators.between(1_000L, 60_000L))
                .doc("How often /events/stats' sampler reads topic offsets, group offsets and worker metrics. Rates "
                        + "over the last 1 and 5 minutes are the differences between the newest sample and the "
                        + "oldest one within the window, divided by the time between them.")
                .display("Sample interval").add()
                .key(REQUEST_TIMEOUT_CONFIG).type(Type.LONG).defaultValue(5_000L)
                .validator(Validators.between(100L, 60_000L))
                .doc("How long one look at Connect, a worker's metrics or the brokers may take; past it that part "
                        + "is reported unreachable.").display("Request timeout").add();
        return b.build();
    }

    private static Set<String> names() {
        Set<String> names = new TreeSet<>();
        names.addAll(KEYS.names());
        return Set.copyOf(names);
    }

    /** The keys of a parsed config file that are this class's. */
    static Map<String, String> select(Map<String, String> top) {
        Map<String, String> out = new LinkedHashMap<>();
        top.forEach((k, v) -> {
            if (NAMES.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
