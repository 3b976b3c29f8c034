package io.tributary.processor.config;

import java.util.Set;

/**
 * Where the schema registry is and how to reach it: the config file's top-level {@code registry:} block, needed by
 * every job with {@code input.format: avro} or {@code output.format: avro}.
 *
 * <pre>
 * registry:
 *   url: http://127.0.0.1:8081/apis/registry/v2   # Apicurio Registry's native API (v2)
 *   auth.type: none                                # none (default), basic, bearer, oauth2
 *   auth.username: ...                             # basic
 *   auth.password: ...                             # basic
 *   auth.token: ...                                # bearer: sent as Authorization: Bearer ...
 *   auth.oauth2.token.url: https://idp/token       # oauth2 client credentials: a token fetched when due and after a 401
 *   auth.oauth2.client.id: ...
 *   auth.oauth2.client.secret: ...
 *   auth.oauth2.scope: ...                         # optional
 *   tls.truststore.location: /etc/tributary/registry-ca.p12   # https: the CAs to trust (else the JVM's)
 *   tls.truststore.password: ...
 *   tls.keystore.location: /etc/tributary/registry-client.p12 # mutual TLS: this client's certificate
 *   tls.keystore.password: ...
 *   tls.truststore.type: PKCS12                    # the default; or JKS (for both stores)
 * </pre>
 *
 * These are the processor's names for common's shared registry keys ({@code schema.registry.url},
 * {@code schema.registry.basic.auth.user.info}, {@code schema.registry.bearer.auth.token},
 * {@code schema.registry.oauth2.*}, {@code schema.registry.ssl.*}); the registry is reached through the same
 * authentication and TLS classes (see {@link io.tributary.processor.registry.SchemaRegistry}).
 *
 * Each key can come from the environment: {@code TRIBUTARY_PROCESSOR_REGISTRY_URL},
 * {@code TRIBUTARY_PROCESSOR_REGISTRY_AUTH_PASSWORD}, ... (see {@link EnvironmentOverrides}).
 */
public record RegistrySettings(String url, String authType, String username, String password, String token,
                               String tokenUrl, String scope, String trustStore, String trustStorePassword,
                               String keyStore, String keyStorePassword, String trustStoreType) {

    static final Set<String> KEYS = Set.of("url", "auth.type", "auth.username", "auth.password", "auth.token",
            "auth.oauth2.token.url", "auth.oauth2.client.id", "auth.oauth2.client.secret", "auth.oauth2.scope",
            "tls.truststore.location", "tls.truststore.password", "tls.keystore.location", "tls.keystore.password",
            "tls.truststore.type");

    /** A registry without authentication or a trust store of its own. */
    public static RegistrySettings of(String url) {
        return new RegistrySettings(url, "none", null, null, null, null, null, null, null, null, null, "PKCS12");
    }

    static RegistrySettings parse(Node node) {
        node.allowOnly(KEYS);
        String url = node.text("url");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw node.error("url", "'" + url + "' is not an http:// or https:// URL (Apicurio Registry's native "
                    + "API, e.g. http://127.0.0.1:8081/apis/registry/v2)");
        }
        String type = node.text("auth.type", "none");
        String username = null;
        String password = null;
        String token = null;
        String tokenUrl = null;
        String scope = null;
        switch (type) {
            case "none" -> {
            }
            case "basic" -> {
                username = node.text("auth.username");
                password = node.text("auth.password");
            }
            case "bearer" -> token = node.text("auth.token");
            case "oauth2" -> {
                tokenUrl = node.text("auth.oauth2.token.url");
                if (!tokenUrl.startsWith("http://") && !tokenUrl.startsWith("https://")) {
                    throw node.error("auth.oauth2.token.url", "'" + tokenUrl + "' is not an http:// or https:// URL");
                }
                username = node.text("auth.oauth2.client.id");
                password = node.text("auth.oauth2.client.secret");
                scope = node.text("auth.oauth2.scope", null);
            }
            default -> throw node.error("auth.type", "'" + type + "' is not one of none, basic, bearer, oauth2");
        }
        String store = readable(node, "tls.truststore.location");
        String keys = readable(node, "tls.keystore.location");
        String storeType = node.text("tls.truststore.type", "PKCS12");
        return new RegistrySettings(url.replaceAll("/+$", ""), type, username, password, token, tokenUrl, scope,
                store, node.text("tls.truststore.password", null), keys, node.text("tls.keystore.password", null),
                storeType);
    }

    private static String readable(Node node, String key) {
        String path = node.text(key, null);
        if (path != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(path))) {
            throw node.error(key, "'" + path + "' is not a readable file");
        }
        return path;
    }

    /** For logs: the URL and the kind of authentication, never a secret. */
    @Override
    public String toString() {
        return "registry " + url + " (auth " + authType + (trustStore == null ? "" : ", trust store " + trustStore)
                + (keyStore == null ? "" : ", key store " + keyStore) + ")";
    }
}
