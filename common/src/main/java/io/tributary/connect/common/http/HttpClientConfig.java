package io.tributary.connect.common.http;

import com.fasterxml.jackson.core.JsonPointer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.config.Validators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration keys every HTTP connector shares — timeouts, TLS, proxy, credentials, retries, rate limit,
 * circuit breaker — defined once here, checked once ({@link #validate}), and turned into a {@link ResilientHttp}.
 */
public final class HttpClientConfig {

    public enum AuthType { NONE, BASIC, BEARER, API_KEY, OAUTH2 }
    public enum KeyLocation { HEADER, QUERY }

    public static final String CONNECT_TIMEOUT_CONFIG = "http.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_CONFIG = "http.request.timeout.ms";
    public static final String PROXY_CONFIG = "http.proxy";
    public static final String TRUSTSTORE_PATH_CONFIG = "tls.truststore.path";
    public static final String TRUSTSTORE_PASSWORD_CONFIG = "tls.truststore.password";
    public static final String KEYSTORE_PATH_CONFIG = "tls.keystore.path";
    public static final String KEYSTORE_PASSWORD_CONFIG = "tls.keystore.password";
    public static final String STORE_TYPE_CONFIG = "tls.store.type";

    public static final String AUTH_TYPE_CONFIG = "auth.type";
    public static final String BASIC_USER_CONFIG = "auth.basic.user";
    public static final String BASIC_PASSWORD_CONFIG = "auth.basic.password";
    public static final String BEARER_TOKEN_CONFIG = "auth.bearer.token";
    public static final String API_KEY_NAME_CONFIG = "auth.api.key.name";
    public static final String API_KEY_VALUE_CONFIG = "auth.api.key.value";
    public static final String API_KEY_LOCATION_CONFIG = "auth.api.key.location";
    public static final String OAUTH2_TOKEN_URL_CONFIG = "auth.oauth2.token.url";
    public static final String OAUTH2_CLIENT_ID_CONFIG = "auth.oauth2.client.id";
    public static final String OAUTH2_CLIENT_SECRET_CONFIG = "auth.oauth2.client.secret";
    public static final String OAUTH2_SCOPE_CONFIG = "auth.oauth2.scope";
    public static final String OAUTH2_CLIENT_AUTH_CONFIG = "auth.oauth2.client.auth";
    public static final String OAUTH2_TOKEN_POINTER_CONFIG = "auth.oauth2.token.pointer";
    public static final String OAUTH2_EXPIRES_POINTER_CONFIG = "auth.oauth2.expires.pointer";
    public static final String OAUTH2_PARAMS_CONFIG = "auth.oauth2.params";

    public enum ClientAuth { BASIC, BODY }

    public static final String RETRY_MAX_ATTEMPTS_CONFIG = "retry.max.attempts";
    public static final String RETRY_BACKOFF_INITIAL_CONFIG = "retry.backoff.initial.ms";
    public static final String RETRY_BACKOFF_MAX_CONFIG = "retry.backoff.max.ms";
    public static final String RETRY_STATUSES_CONFIG = "retry.statuses";
    public static final String RETRY_AFTER_MAX_CONFIG = "retry.after.max.ms";

    public static final String RATE_LIMIT_CONFIG = "rate.limit.requests.per.second";
    public static final String BREAKER_THRESHOLD_CONFIG = "circuit.breaker.failure.rate.percent";
    public static final String BREAKER_MIN_CALLS_CONFIG = "circuit.breaker.minimum.calls";
    public static final String BREAKER_OPEN_CONFIG = "circuit.breaker.open.ms";

    private HttpClientConfig() {
    }

    /** Adds the shared keys to a connector's ConfigDef, in four groups. */
    /**
     * The client TLS keys (trust store, key store for mutual TLS, store type) in the builder's current group; also
     * used by clients that are not HTTP's ({@code scheme} names their URLs in the docs, e.g. "wss").
     */
    public static void defineTls(ConfigDefBuilder b, String scheme) {
        b.key(TRUSTSTORE_PATH_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("Trust store (certificates of the servers or their CAs) for " + scheme + " URLs. Empty means the "
                        + "JVM's default trust store.").display("Trust store").add()
                .key(TRUSTSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.LOW)
                .doc("Password of the trust store.").display("Trust store password").add()
                .key(KEYSTORE_PATH_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("Key store with the client certificate for mutual TLS. Empty means no client certificate.")
                .display("Key store").add()
                .key(KEYSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.LOW)
                .doc("Password of the key store and its key.").display("Key store password").add()
                .key(STORE_TYPE_CONFIG).defaultValue("PKCS12").validator(Validators.oneOf("PKCS12", "JKS"))
                .importance(Importance.LOW).doc("Type of the trust and key stores.").display("Store type").add();
    }

    public static void define(ConfigDefBuilder b) {
        b.group("HTTP client")
                .key(CONNECT_TIMEOUT_CONFIG).type(Type.LONG).defaultValue(10_000L).validator(Validators.atLeast(1))
                .doc("How long connecting to the server may take.").display("Connect timeout (ms)").add()
                .key(REQUEST_TIMEOUT_CONFIG).type(Type.LONG).defaultValue(30_000L).validator(Validators.atLeast(1))
                .doc("How long one request may take, from sending to the whole response. A timeout counts as an "
                        + "I/O error: retried.").display("Request timeout (ms)").add()
                .key(PROXY_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("HTTP proxy as 'host:port'. Empty means direct connections.").display("Proxy").add();
        defineTls(b, "https");
        b.group("Authentication")
                .key(AUTH_TYPE_CONFIG).defaultValue("none").validator(Validators.oneOf(AuthType.class))
                .importance(Importance.HIGH)
                .doc("How requests prove who sends them: 'none', 'basic' (user and password), 'bearer' (a static "
                        + "token), 'api-key' (in a header or the query), 'oauth2' (client credentials: a token from "
                        + "the token URL, cached until shortly before it expires and fetched again after a 401).")
                .display("Authentication").add()
                .key(BASIC_USER_CONFIG).defaultValue("").doc("User for 'basic'.").display("User").add()
                .key(BASIC_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null).doc("Password for 'basic'.")
                .display("Password").add()
                .key(BEARER_TOKEN_CONFIG).type(Type.PASSWORD).defaultValue(null).doc("Token for 'bearer'.")
                .display("Bearer token").add()
                .key(API_KEY_NAME_CONFIG).defaultValue("X-API-Key")
                .doc("Header or query parameter name for 'api-key'.").display("API key name").add()
                .key(API_KEY_VALUE_CONFIG).type(Type.PASSWORD).defaultValue(null).doc("The key for 'api-key'.")
                .display("API key").add()
                .key(API_KEY_LOCATION_CONFIG).defaultValue("header").validator(Validators.oneOf(KeyLocation.class))
                .doc("Where the API key goes: a 'header' or the 'query'.").display("API key location").add()
                .key(OAUTH2_TOKEN_URL_CONFIG).defaultValue("").doc("Token endpoint for 'oauth2'.")
                .display("Token URL").add()
                .key(OAUTH2_CLIENT_ID_CONFIG).defaultValue("").doc("Client id for 'oauth2' (sent as HTTP Basic).")
                .display("Client id").add()
                .key(OAUTH2_CLIENT_SECRET_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc("Client secret for 'oauth2'.").display("Client secret").add()
                .key(OAUTH2_SCOPE_CONFIG).defaultValue("").doc("Scope asked for with 'oauth2'; empty asks for none.")
                .display("Scope").add()
                .key(OAUTH2_CLIENT_AUTH_CONFIG).defaultValue("basic").validator(Validators.oneOf(ClientAuth.class))
                .importance(Importance.LOW)
                .doc("How 'oauth2' sends the client id and secret: 'basic' (HTTP Basic, client_secret_basic) or "
                        + "'body' (form fields client_id and client_secret, client_secret_post).")
                .display("Client authentication").add()
                .key(OAUTH2_TOKEN_POINTER_CONFIG).defaultValue("/access_token").importance(Importance.LOW)
                .doc("JSON pointer to the token in the token endpoint's answer, for endpoints that do not answer "
                        + "'access_token', e.g. '/data/token'.").display("Token pointer").add()
                .key(OAUTH2_EXPIRES_POINTER_CONFIG).defaultValue("/expires_in").importance(Importance.LOW)
                .doc("JSON pointer to the token's lifetime in seconds; missing means one hour.")
                .display("Lifetime pointer").add()
                .key(OAUTH2_PARAMS_CONFIG).type(Type.LIST).defaultValue("").importance(Importance.LOW)
                .doc("Extra form parameters for the token request as 'name=value' items, e.g. 'audience=api'.")
                .display("Token request parameters").add();
        b.group("Retries")
                .key(RETRY_MAX_ATTEMPTS_CONFIG).type(Type.INT).defaultValue(5).validator(Validators.atLeast(1))
                .doc("Attempts per request in all, the first included, on I/O errors and retry.statuses.")
                .display("Attempts").add()
                .key(RETRY_BACKOFF_INITIAL_CONFIG).type(Type.LONG).defaultValue(200L).validator(Validators.atLeast(0))
                .doc("Wait before the second attempt; doubled for each further one, with ±20% jitter.")
                .display("Initial backoff (ms)").add()
                .key(RETRY_BACKOFF_MAX_CONFIG).type(Type.LONG).defaultValue(30_000L).validator(Validators.atLeast(0))
                .doc("Longest backoff between attempts.").display("Longest backoff (ms)").add()
                .key(RETRY_STATUSES_CONFIG).type(Type.LIST).defaultValue("408,425,429,500,502,503,504")
                .validator(statusList())
                .doc("Statuses that mean 'try again later'. A Retry-After header (seconds or an HTTP date) "
                        + "replaces the backoff.").display("Retried statuses").add()
                .key(RETRY_AFTER_MAX_CONFIG).type(Type.LONG).defaultValue(300_000L).validator(Validators.atLeast(0))
                .doc("Longest wait a Retry-After header can ask for; longer requests are cut to this.")
                .display("Longest Retry-After (ms)").add();
        b.group("Rate limit and circuit breaker")
                .key(RATE_LIMIT_CONFIG).type(Type.DOUBLE).defaultValue(0.0).validator(Validators.atLeast(0))
                .doc("Most requests per second per task (a token bucket; requests wait for a token). 0 means no "
                        + "limit.").display("Rate limit").add()
                .key(BREAKER_THRESHOLD_CONFIG).type(Type.INT).defaultValue(50).validator(Validators.between(0, 100))
                .doc("Failure rate (5xx, 429, I/O errors; percent of the last calls) at which the circuit breaker "
                        + "opens: calls then fail at once and the task pauses instead of hammering the server. 0 "
                        + "turns the breaker off.").display("Breaker threshold (%)").add()
                .key(BREAKER_MIN_CALLS_CONFIG).type(Type.INT).defaultValue(10).validator(Validators.atLeast(1))
                .doc("Calls the breaker sees before it may open (and the size of its window of last calls).")
                .display("Breaker minimum calls").add()
                .key(BREAKER_OPEN_CONFIG).type(Type.LONG).defaultValue(30_000L).validator(Validators.atLeast(1))
                .doc("How long the breaker stays open before letting trial calls through.")
                .display("Breaker open time (ms)").add();
    }

    /** Validates a LIST key of HTTP status codes. */
    public static ConfigDef.Validator statusList() {
        return Validators.described("a list of HTTP status codes", value -> {
            for (Object item : (List<?>) value) {
                try {
                    int status = Integer.parseInt(item.toString().trim());
                    if (status < 100 || status > 599) {
                        return "'" + item + "' is not an HTTP status";
                    }
                } catch (NumberFormatException e) {
                    return "'" + item + "' is not an HTTP status";
                }
            }
            return null;
        });
    }

    /** The statuses of a LIST key checked by {@link #statusList()}. */
    public static Set<Integer> statuses(List<String> values) {
        Set<Integer> statuses = new TreeSet<>();
        for (String value : values) {
            statuses.add(Integer.parseInt(value.trim()));
        }
        return statuses;
    }

    /** Cross-key checks: the credentials the chosen auth type needs, the token URL, the stores. */
    public static void validate(CrossFieldValidation v) {
        if (v.valid(AUTH_TYPE_CONFIG)) {
            AuthType type = Validators.parseEnum(AuthType.class, v.string(AUTH_TYPE_CONFIG));
            switch (type) {
                case BASIC -> {
                    require(v, BASIC_USER_CONFIG, "user");
                    require(v, BASIC_PASSWORD_CONFIG, "password");
                }
                case BEARER -> require(v, BEARER_TOKEN_CONFIG, "token");
                case API_KEY -> {
                    require(v, API_KEY_NAME_CONFIG, "key name");
                    require(v, API_KEY_VALUE_CONFIG, "key");
                }
                case OAUTH2 -> {
                    require(v, OAUTH2_CLIENT_ID_CONFIG, "client id");
                    require(v, OAUTH2_CLIENT_SECRET_CONFIG, "client secret");
                    String problem = urlProblem(v.string(OAUTH2_TOKEN_URL_CONFIG));
                    if (problem != null) {
                        v.error("auth.type 'oauth2' needs a token URL: " + problem, OAUTH2_TOKEN_URL_CONFIG);
                    }
                    for (String key : List.of(OAUTH2_TOKEN_POINTER_CONFIG, OAUTH2_EXPIRES_POINTER_CONFIG)) {
                        try {
                            JsonPointer.compile(v.string(key));
                        } catch (IllegalArgumentException e) {
                            v.error("not a JSON pointer: " + e.getMessage(), key);
                        }
                    }
                    Object params = v.value(OAUTH2_PARAMS_CONFIG);
                    if (params instanceof List<?> items && items.stream().anyMatch(i -> i.toString().indexOf('=') <= 0)) {
                        v.error("a token request parameter is 'name=value'", OAUTH2_PARAMS_CONFIG);
                    }
                }
                default -> { }
            }
        }
        for (String store : List.of(TRUSTSTORE_PATH_CONFIG, KEYSTORE_PATH_CONFIG)) {
            String path = v.string(store);
            if (v.valid(store) && path != null && !path.isBlank() && !Files.isReadable(Path.of(path))) {
                v.error("the worker cannot read " + path, store);
            }
        }
        String proxy = v.string(PROXY_CONFIG);
        if (v.valid(PROXY_CONFIG) && proxy != null && !proxy.isBlank() && proxyAddress(proxy) == null) {
            v.error("'" + proxy + "' is not host:port", PROXY_CONFIG);
        }
    }

    private static void require(CrossFieldValidation v, String key, String what) {
        Object value = v.value(key);
        String text = value instanceof Password p ? p.value() : value == null ? null : value.toString();
        if (text == null || text.isBlank()) {
            v.error("auth.type '" + v.string(AUTH_TYPE_CONFIG) + "' needs the " + what + " in " + key, key);
        }
    }

    /** Null when {@code url} is an absolute http(s) URL with a host; otherwise what is wrong with it. */
    public static String urlProblem(String url) {
        if (url == null || url.isBlank()) {
            return "it is empty";
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase())) {
                return "'" + url + "' is not an http or https URL";
            }
            if (uri.getHost() == null) {
                return "'" + url + "' has no host";
            }
            return null;
        } catch (java.net.URISyntaxException e) {
            return "'" + url + "' is not a URL: " + e.getMessage();
        }
    }

    private static InetSocketAddress proxyAddress(String proxy) {
        int colon = proxy.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            return InetSocketAddress.createUnresolved(proxy.substring(0, colon).trim(),
                    Integer.parseInt(proxy.substring(colon + 1).trim()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The JDK client the keys describe: timeouts, proxy, TLS stores. */
    public static HttpClient client(AbstractConfig config) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofMillis(config.getLong(CONNECT_TIMEOUT_CONFIG)))
                .followRedirects(HttpClient.Redirect.NORMAL);
        String proxy = config.getString(PROXY_CONFIG);
        if (!proxy.isBlank()) {
            InetSocketAddress address = proxyAddress(proxy);
            builder.proxy(ProxySelector.of(new InetSocketAddress(address.getHostString(), address.getPort())));
        }
        if (!config.getString(TRUSTSTORE_PATH_CONFIG).isBlank() || !config.getString(KEYSTORE_PATH_CONFIG).isBlank()) {
            builder.sslContext(sslContext(config));
        }
        return builder.build();
    }

    private static SSLContext sslContext(AbstractConfig config) {
        Password trust = config.getPassword(TRUSTSTORE_PASSWORD_CONFIG);
        Password key = config.getPassword(KEYSTORE_PASSWORD_CONFIG);
        return TlsContexts.of(config.getString(STORE_TYPE_CONFIG), config.getString(TRUSTSTORE_PATH_CONFIG),
                trust == null ? null : trust.value(), config.getString(KEYSTORE_PATH_CONFIG),
                key == null ? null : key.value(), TRUSTSTORE_PATH_CONFIG + "/" + KEYSTORE_PATH_CONFIG);
    }

    /** The credentials the keys describe. */
    public static HttpAuth auth(AbstractConfig config, HttpClient client) {
        AuthType type = Validators.parseEnum(AuthType.class, config.getString(AUTH_TYPE_CONFIG));
        return switch (type) {
            case NONE -> new HttpAuth.None();
            case BASIC -> new HttpAuth.Basic(config.getString(BASIC_USER_CONFIG), secret(config, BASIC_PASSWORD_CONFIG));
            case BEARER -> new HttpAuth.Bearer(secret(config, BEARER_TOKEN_CONFIG));
            case API_KEY -> new HttpAuth.ApiKey(config.getString(API_KEY_NAME_CONFIG), secret(config,
                    API_KEY_VALUE_CONFIG), Validators.parseEnum(KeyLocation.class,
                    config.getString(API_KEY_LOCATION_CONFIG)) == KeyLocation.QUERY);
            case OAUTH2 -> new OAuth2ClientCredentials(URI.create(config.getString(OAUTH2_TOKEN_URL_CONFIG)),
                    config.getString(OAUTH2_CLIENT_ID_CONFIG), secret(config, OAUTH2_CLIENT_SECRET_CONFIG),
                    config.getString(OAUTH2_SCOPE_CONFIG), oauthForm(config), client, System::currentTimeMillis);
        };
    }

    private static OAuth2ClientCredentials.Form oauthForm(AbstractConfig config) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String item : config.getList(OAUTH2_PARAMS_CONFIG)) {
            int eq = item.indexOf('=');
            params.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        return new OAuth2ClientCredentials.Form(Validators.parseEnum(ClientAuth.class,
                config.getString(OAUTH2_CLIENT_AUTH_CONFIG)) == ClientAuth.BODY,
                JsonPointer.compile(config.getString(OAUTH2_TOKEN_POINTER_CONFIG)),
                JsonPointer.compile(config.getString(OAUTH2_EXPIRES_POINTER_CONFIG)), params);
    }

    private static String secret(AbstractConfig config, String key) {
        Password password = config.getPassword(key);
        return password == null ? "" : password.value();
    }

    public static RetryPolicy retryPolicy(AbstractConfig config) {
        Set<Integer> statuses = statuses(config.getList(RETRY_STATUSES_CONFIG));
        return new RetryPolicy(config.getInt(RETRY_MAX_ATTEMPTS_CONFIG),
                Duration.ofMillis(config.getLong(RETRY_BACKOFF_INITIAL_CONFIG)),
                Duration.ofMillis(config.getLong(RETRY_BACKOFF_MAX_CONFIG)), 0.2, statuses,
                Duration.ofMillis(config.getLong(RETRY_AFTER_MAX_CONFIG)));
    }

    /** The whole client for one endpoint or task: {@code name} names its retry, limiter and breaker in events. */
    public static ResilientHttp build(AbstractConfig config, String name) {
        HttpClient client = client(config);
        RateLimiter limiter = null;
        double perSecond = config.getDouble(RATE_LIMIT_CONFIG);
        if (perSecond > 0) {
            // A permit per 1/perSecond: the bucket refills continuously rather than in a burst per second.
            long periodNanos = Math.max(1, Math.round(1e9 / perSecond));
            limiter = RateLimiter.of(name, RateLimiterConfig.custom().limitForPeriod(1)
                    .limitRefreshPeriod(Duration.ofNanos(periodNanos)).timeoutDuration(Duration.ofMinutes(5)).build());
        }
        CircuitBreaker breaker = null;
        int threshold = config.getInt(BREAKER_THRESHOLD_CONFIG);
        if (threshold > 0) {
            int calls = config.getInt(BREAKER_MIN_CALLS_CONFIG);
            breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom().failureRateThreshold(threshold)
                    .minimumNumberOfCalls(calls).slidingWindowSize(calls)
                    .waitDurationInOpenState(Duration.ofMillis(config.getLong(BREAKER_OPEN_CONFIG)))
                    .permittedNumberOfCallsInHalfOpenState(1).build());
        }
        return new ResilientHttp(name, client, auth(config, client), retryPolicy(config), limiter, breaker,
                Duration.ofMillis(config.getLong(REQUEST_TIMEOUT_CONFIG)));
    }
}
