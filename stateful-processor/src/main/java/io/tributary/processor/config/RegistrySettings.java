package io.tributary.processor.config;

import java.util.Set;

/**
 * Where the schema registry is and how to reach it: the config file's top-level {@code registry:} block, needed by
 * every job with {@code input.format: avro} or {@code output.format: avro}.
 *
 * <pre>
 * registry:
 *   url: http://127.0.0.1:8081/apis/registry/v2   # Apicurio Registry's native API (v2)
 *   auth.type: none                                # none (default), basic, bearer
 *   auth.username: ...                             # basic
 *   auth.password: ...                             # basic
 *   auth.token: ...                                # bearer: sent as Authorization: Bearer ...
 *   tls.truststore.location: /etc/tributary/registry-ca.p12   # https: the CAs to trust (else the JVM's)
 *   tls.truststore.password: ...
 *   tls.truststore.type: PKCS12                    # the default; or JKS
 * </pre>
 *
 * Each key can come from the environment: {@code TRIBUTARY_PROCESSOR_REGISTRY_URL},
 * {@code TRIBUTARY_PROCESSOR_REGISTRY_AUTH_PASSWORD}, ... (see {@link EnvironmentOverrides}).
 */
public record RegistrySettings(String url, String authType, String username, String password, String token,
                               String trustStore, String trustStorePassword, String trustStoreType) {

    static final Set<String> KEYS = Set.of("url", "auth.type", "auth.username", "auth.password", "auth.token",
            "tls.truststore.location", "tls.truststore.password", "tls.truststore.type");

    /** A registry without authentication or a trust store of its own. */
    public static RegistrySettings of(String url) {
        return new RegistrySettings(url, "none", null, null, null, null, null, "PKCS12");
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
        switch (type) {
            case "none" -> {
            }
            case "basic" -> {
                username = node.text("auth.username");
                password = node.text("auth.password");
            }
            case "bearer" -> token = node.text("auth.token");
            default -> throw node.error("auth.type", "'" + type + "' is not one of none, basic, bearer");
        }
        String store = node.text("tls.truststore.location", null);
        String storeType = node.text("tls.truststore.type", "PKCS12");
        if (store != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(store))) {
            throw node.error("tls.truststore.location", "'" + store + "' is not a readable file");
        }
        return new RegistrySettings(url.replaceAll("/+$", ""), type, username, password, token, store,
                node.text("tls.truststore.password", null), storeType);
    }

    /** For logs: the URL and the kind of authentication, never a secret. */
    @Override
    public String toString() {
        return "registry " + url + " (auth " + authType + (trustStore == null ? "" : ", trust store " + trustStore)
                + ")";
    }
}
