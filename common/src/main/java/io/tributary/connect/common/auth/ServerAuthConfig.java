package io.tributary.connect.common.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.http.HttpClientConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

import javax.crypto.spec.SecretKeySpec;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a server of ours checks who is sending — the push sources' server (HTTP listener, WebSocket server) and the
 * stateful processor's operations endpoint: the "Authentication" keys, defined once here, checked across keys by
 * {@link #validate}, and turned into a {@link RequestAuthenticator} by {@link #build}. Follows
 * {@link HttpClientConfig}, the client-side counterpart.
 */
public final class ServerAuthConfig {

    public enum AuthType { NONE, API_KEY, JWT, HMAC }

    public static final String AUTH_TYPE_CONFIG = "auth.type";
    public static final String API_KEYS_CONFIG = "auth.api.keys";
    public static final String API_KEY_HEADER_CONFIG = "auth.api.key.header";
    public static final String API_KEY_QUERY_PARAM_CONFIG = "auth.api.key.query.param";
    public static final String JWT_SECRET_CONFIG = "auth.jwt.secret";
    public static final String JWT_JWKS_PATH_CONFIG = "auth.jwt.jwks.path";
    public static final String JWT_JWKS_URL_CONFIG = "auth.jwt.jwks.url";
    public static final String JWT_ALGORITHMS_CONFIG = "auth.jwt.algorithms";
    public static final String JWT_AUDIENCE_CONFIG = "auth.jwt.audience";
    public static final String JWT_ISSUER_CONFIG = "auth.jwt.issuer";
    public static final String JWT_CLOCK_SKEW_CONFIG = "auth.jwt.clock.skew.ms";
    public static final String JWT_REQUIRE_EXP_CONFIG = "auth.jwt.require.exp.enabled";
    public static final String JWT_QUERY_PARAM_CONFIG = "auth.jwt.query.param";
    public static final String HMAC_SECRET_CONFIG = "auth.hmac.secret";
    public static final String HMAC_SIGNATURE_HEADER_CONFIG = "auth.hmac.signature.header";
    public static final String HMAC_TIMESTAMP_HEADER_CONFIG = "auth.hmac.timestamp.header";
    public static final String HMAC_TOLERANCE_CONFIG = "auth.hmac.tolerance.ms";

    /**
     * Most webhook signatures remembered for replay detection, about 200 bytes each: 200 MB when a flood fills it,
     * which takes over 3,000 signed requests a second for the default five-minute tolerance.
     */
    static final int HMAC_REPLAY_CAPACITY = 1_000_000;
    private static final long MAX_HMAC_TOLERANCE_MS = 86_400_000L;
    private static final Set<JWSAlgorithm> KNOWN_ALGORITHMS = knownAlgorithms();
    private static final ConfigDef KEYS = keys();

    private ServerAuthConfig() {
    }

    /** Adds the keys to a connector's ConfigDef, in the group "Authentication". */
    public static void define(ConfigDefBuilder b) {
        b.group("Authentication")
                .key(AUTH_TYPE_CONFIG).type(Type.LIST).defaultValue("none").validator(typeList())
                .importance(Importance.HIGH)
                .doc("How senders prove who they are: one or more of " + Validators.namesOf(AuthType.class) + ". "
                        + "'api-key' is a shared key in a header (or the query); 'jwt' a signed bearer token; "
                        + "'hmac' a webhook signature over the body with a timestamp, for HTTP requests only. With "
                        + "several, a request passes when any of them passes it, e.g. 'api-key,jwt' for servers "
                        + "and browsers. 'none' accepts everyone and cannot be combined.")
                .display("Authentication").add()
                .key(API_KEYS_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc("The accepted API keys for 'api-key', comma-separated; several allow rotating a key "
                        + "without downtime. A request's principal is the key's position, 'api-key#1' for the first.")
                .display("API keys").add()
                .key(API_KEY_HEADER_CONFIG).defaultValue("X-API-Key")
                .doc("Header that carries the API key. Empty accepts the key only in the query parameter.")
                .display("API key header").add()
                .key(API_KEY_QUERY_PARAM_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("Query parameter that may carry the API key when the header is absent, e.g. 'api_key' for "
                        + "browsers, whose WebSocket API cannot set headers. Query strings end up in access "
                        + "logs: prefer the header. Empty accepts the key only in the header.")
                .display("API key query parameter").add()
                .key(JWT_SECRET_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc("Shared secret (its UTF-8 bytes) for tokens signed with HS256, HS384 or HS512; at least 32 "
                        + "bytes, and as long as the hash for HS384 (48) and HS512 (64).")
                .display("JWT secret").add()
                .key(JWT_JWKS_PATH_CONFIG).defaultValue("").validator(Validators.absolutePath(true))
                .doc("A local JWKS (JSON Web Key Set) file with the public RSA or EC keys of tokens signed with "
                        + "RS256, ES256 and the like; read when the connector starts.")
                .display("JWKS file").add()
                .key(JWT_JWKS_URL_CONFIG).defaultValue("")
                .doc("URL of the identity provider's JWKS, e.g. 'https://idp.example.com/.well-known/jwks.json'; "
                        + "fetched when first needed, cached for five minutes and fetched again when a token "
                        + "names an unknown key id (at most every 30 seconds).")
                .display("JWKS URL").add()
                .key(JWT_ALGORITHMS_CONFIG).type(Type.LIST).defaultValue("HS256,RS256,ES256")
                .validator(algorithmList())
                .doc("Signature algorithms accepted for tokens. Unsigned tokens ('none') are always refused.")
                .display("JWT algorithms").add()
                .key(JWT_AUDIENCE_CONFIG).type(Type.LIST).defaultValue("")
                .doc("When set, a token's 'aud' claim must contain one of these; otherwise the request is "
                        + "forbidden (403). Empty accepts any audience.")
                .display("JWT audience").add()
                .key(JWT_ISSUER_CONFIG).defaultValue("")
                .doc("When set, a token's 'iss' claim must equal it; otherwise the request is forbidden (403). "
                        + "Empty accepts any issuer.")
                .display("JWT issuer").add()
                .key(JWT_CLOCK_SKEW_CONFIG).type(Type.LONG).defaultValue(30_000L).validator(Validators.atLeast(0))
                .importance(Importance.LOW)
                .doc("Leeway for the clocks of token issuer and worker when checking 'exp' and 'nbf'; token times "
                        + "are whole seconds, so this rounds up to a second.")
                .display("JWT clock skew (ms)").add()
                .key(JWT_REQUIRE_EXP_CONFIG).type(Type.BOOLEAN).defaultValue(true).importance(Importance.LOW)
                .doc("Whether tokens without an 'exp' claim are refused. A token that never expires is valid "
                        + "for ever once leaked.")
                .display("Require JWT expiry").add()
                .key(JWT_QUERY_PARAM_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("Query parameter that may carry the token when there is no 'Authorization: Bearer' header, "
                        + "e.g. 'access_token' for browsers' WebSocket handshakes. Empty accepts the token only in "
                        + "the header.")
                .display("JWT query parameter").add()
                .key(HMAC_SECRET_CONFIG).type(Type.PASSWORD).defaultValue(null)
                .doc("Shared secret (its UTF-8 bytes) for 'hmac': the signature is the lowercase hex "
                        + "HMAC-SHA256 of '<timestamp>.<body>'.")
                .display("HMAC secret").add()
                .key(HMAC_SIGNATURE_HEADER_CONFIG).defaultValue("X-Signature").validator(Validators.nonEmpty())
                .doc("Header with the signature, bare hex or 'sha256=<hex>'.").display("Signature header").add()
                .key(HMAC_TIMESTAMP_HEADER_CONFIG).defaultValue("X-Timestamp").validator(Validators.nonEmpty())
                .doc("Header with the time of signing in unix seconds.").display("Timestamp header").add()
                .key(HMAC_TOLERANCE_CONFIG).type(Type.LONG).defaultValue(300_000L)
                .validator(Validators.between(1000L, MAX_HMAC_TOLERANCE_MS))
                .importance(Importance.LOW)
                .doc("How far a signed timestamp may be from the worker's clock, either way. A signature is "
                        + "accepted once: a replay within this window is refused, after it the timestamp is. At "
                        + "most a day, since every signature is remembered for this long.")
                .display("Signature tolerance (ms)").add();
    }

    /** Cross-key checks: each chosen type has its credentials, and the JWT keys fit the algorithms. */
    public static void validate(CrossFieldValidation v) {
        if (!v.valid(AUTH_TYPE_CONFIG)) {
            return;
        }
        Set<AuthType> types = types(v.value(AUTH_TYPE_CONFIG));
        if (types.contains(AuthType.NONE) && types.size() > 1) {
            v.error("'none' cannot be combined with other auth types", AUTH_TYPE_CONFIG);
        }
        if (types.contains(AuthType.API_KEY)) {
            if (apiKeys(v.value(API_KEYS_CONFIG)).isEmpty()) {
                v.error("auth.type 'api-key' needs at least one key in " + API_KEYS_CONFIG, API_KEYS_CONFIG);
            }
            if (isBlank(v.string(API_KEY_HEADER_CONFIG)) && isBlank(v.string(API_KEY_QUERY_PARAM_CONFIG))) {
                v.error("auth.type 'api-key' needs a header or a query parameter to find the key in",
                        API_KEY_HEADER_CONFIG, API_KEY_QUERY_PARAM_CONFIG);
            }
        }
        if (types.contains(AuthType.JWT)) {
            JwtValidation.validate(v);
        }
        if (types.contains(AuthType.HMAC) && secret(v.value(HMAC_SECRET_CONFIG)) == null) {
            v.error("auth.type 'hmac' needs the secret in " + HMAC_SECRET_CONFIG, HMAC_SECRET_CONFIG);
        }
    }

    /** The authenticator the keys describe, on the system clock. */
    public static RequestAuthenticator build(AbstractConfig config) {
        return build(config, Clock.systemUTC());
    }

    /**
     * The authenticator the keys describe; {@code clock} decides token expiry and webhook timestamps.
     *
     * @throws ConfigException when the keys fail {@link #validate} (the connector's validate() may not have run)
     */
    public static RequestAuthenticator build(AbstractConfig config, Clock clock) {
        requireValid(config);
        List<RequestAuthenticator> authenticators = new ArrayList<>();
        for (AuthType type : types(config.getList(AUTH_TYPE_CONFIG))) {
            authenticators.add(switch (type) {
                case NONE -> request -> AuthResult.ok(null);
                case API_KEY -> new ApiKeyAuthenticator(apiKeys(config.getPassword(API_KEYS_CONFIG)),
                        config.getString(API_KEY_HEADER_CONFIG).trim(),
                        config.getString(API_KEY_QUERY_PARAM_CONFIG).trim());
                case JWT -> jwt(config, clock);
                case HMAC -> new HmacAuthenticator(secret(config.getPassword(HMAC_SECRET_CONFIG))
                        .getBytes(StandardCharsets.UTF_8), config.getString(HMAC_SIGNATURE_HEADER_CONFIG).trim(),
                        config.getString(HMAC_TIMESTAMP_HEADER_CONFIG).trim(), config.getLong(HMAC_TOLERANCE_CONFIG),
                        clock, HMAC_REPLAY_CAPACITY);
            });
        }
        return authenticators.size() == 1 ? authenticators.get(0) : new AnyOfAuthenticator(authenticators);
    }

    private static RequestAuthenticator jwt(AbstractConfig config, Clock clock) {
        Set<JWSAlgorithm> algorithms = algorithms(config.getList(JWT_ALGORITHMS_CONFIG));
        String secret = secret(config.getPassword(JWT_SECRET_CONFIG));
        List<JWKSource<SecurityContext>> keySources = new ArrayList<>();
        String path = config.getString(JWT_JWKS_PATH_CONFIG);
        if (!path.isBlank()) {
            try {
                keySources.add(new ImmutableJWKSet<>(JWKSet.load(new File(path))));
            } catch (IOException | ParseException e) {
                throw new ConfigException(JWT_JWKS_PATH_CONFIG, path, "cannot read a JWKS from it: " + e.getMessage());
            }
        }
        String url = config.getString(JWT_JWKS_URL_CONFIG);
        if (!url.isBlank()) {
            try {
                // No refresh ahead: it fetches on a thread pool that the authenticator, having no close(), could
                // not shut down when the task stops. A request after the cache's five minutes fetches instead.
                keySources.add(JWKSourceBuilder.<SecurityContext>create(URI.create(url.trim()).toURL())
                        .refreshAheadCache(false).build());
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new ConfigException(JWT_JWKS_URL_CONFIG, url, "not a URL: " + e.getMessage());
            }
        }
        JwtKeySelector keys = new JwtKeySelector(secret == null ? null
                : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HMAC"), algorithms, keySources);
        String issuer = config.getString(JWT_ISSUER_CONFIG).trim();
        JwtClaimsPolicy claims = new JwtClaimsPolicy(new LinkedHashSet<>(trimmed(config.getList(JWT_AUDIENCE_CONFIG))),
                issuer.isEmpty() ? null : issuer, config.getBoolean(JWT_REQUIRE_EXP_CONFIG),
                config.getLong(JWT_CLOCK_SKEW_CONFIG), clock);
        return new JwtAuthenticator(algorithms, keys, claims, config.getString(JWT_QUERY_PARAM_CONFIG).trim());
    }

    /** Runs {@link #validate} on a parsed config and throws for its first problem. */
    private static void requireValid(AbstractConfig config) {
        List<ConfigValue> values = new ArrayList<>();
        for (String name : KEYS.names()) {
            if (config.values().containsKey(name)) {
                values.add(new ConfigValue(name, config.values().get(name), List.of(), new ArrayList<>()));
            }
        }
        validate(new CrossFieldValidation(new Config(values)));
        for (ConfigValue value : values) {
            if (!value.errorMessages().isEmpty()) {
                throw new ConfigException(value.name(), value.value(), value.errorMessages().get(0));
            }
        }
    }

    private static ConfigDef keys() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        define(b);
        return b.build();
    }

    private static ConfigDef.Validator typeList() {
        ConfigDef.Validator each = Validators.oneOf(AuthType.class);
        return Validators.described("a list of " + Validators.namesOf(AuthType.class), value -> {
            List<?> items = (List<?>) value;
            if (items == null || items.isEmpty()) {
                return "must name at least one of " + Validators.namesOf(AuthType.class);
            }
            for (Object item : items) {
                try {
                    each.ensureValid(AUTH_TYPE_CONFIG, item);
                } catch (ConfigException e) {
                    return "'" + item + "' is not one of " + Validators.namesOf(AuthType.class);
                }
            }
            return null;
        });
    }

    private static ConfigDef.Validator algorithmList() {
        return Validators.described("a list of JWS algorithms such as HS256, RS256, ES256", value -> {
            List<?> items = (List<?>) value;
            if (items == null || items.isEmpty()) {
                return "must name at least one algorithm";
            }
            for (Object item : items) {
                String name = item.toString().trim();
                if (name.equalsIgnoreCase("none")) {
                    return "'none' means unsigned tokens, which are never accepted";
                }
                if (!KNOWN_ALGORITHMS.contains(JWSAlgorithm.parse(name))) {
                    return "'" + name + "' is not a JWS signature algorithm";
                }
            }
            return null;
        });
    }

    private static Set<JWSAlgorithm> knownAlgorithms() {
        Set<JWSAlgorithm> known = new LinkedHashSet<>(JWSAlgorithm.Family.HMAC_SHA);
        known.addAll(JWSAlgorithm.Family.SIGNATURE);
        return Set.copyOf(known);
    }

    static Set<AuthType> types(Object list) {
        Set<AuthType> types = EnumSet.noneOf(AuthType.class);
        for (Object item : (List<?>) list) {
            types.add(Validators.parseEnum(AuthType.class, item.toString()));
        }
        return types;
    }

    static Set<JWSAlgorithm> algorithms(List<?> names) {
        return names.stream().map(name -> JWSAlgorithm.parse(name.toString().trim()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The keys of a comma-separated PASSWORD value, blanks dropped. */
    private static List<String> apiKeys(Object value) {
        String text = secret(value);
        return text == null ? List.of() : trimmed(Arrays.asList(text.split(",")));
    }

    private static List<String> trimmed(List<String> items) {
        return items.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** A PASSWORD value's text, or null when unset or blank. */
    static String secret(Object value) {
        String text = value instanceof Password p ? p.value() : value == null ? null : value.toString();
        return text == null || text.isBlank() ? null : text;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
