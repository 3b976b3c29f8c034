package io.tributary.connect.common.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.testsupport.TestCertificates;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared HTTP client keys against real servers on loopback: TLS with a private CA's certificate in a trust
 * store, a client certificate for mutual TLS, and a proxy every request goes through.
 */
class HttpClientConfigTest {

    private static final String PASSWORD = "changeit";
    private static final ConfigDef DEF = define();

    @TempDir
    static Path dir;

    private static ConfigDef define() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        HttpClientConfig.define(b);
        return b.build();
    }

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates.create(dir, PASSWORD, "server", "client");
    }

    private static AbstractConfig config(String... keyValues) {
        Map<String, String> props = new HashMap<>(Map.of("retry.max.attempts", "1"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return new AbstractConfig(DEF, props);
    }

    private static HttpsServer https(boolean needClientCertificate) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(dir.resolve("server.p12")), PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(dir.resolve("client-trust.p12")));
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                javax.net.ssl.SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientCertificate);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> {
            byte[] body = "secure".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static int get(ResilientHttp http, String url) throws Exception {
        return http.send(URI.create(url), r -> r.GET()).statusCode();
    }

    @Test
    void aTrustStoreLetsTheClientTrustAPrivateCertificate() throws Exception {
        HttpsServer server = https(false);
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
            assertThatThrownBy(() -> get(HttpClientConfig.build(config(), "default-trust"), url))
                    .as("the JVM's trust store does not know the certificate").isInstanceOf(IOException.class);
            assertThat(get(HttpClientConfig.build(config("tls.truststore.path", dir.resolve("server-trust.p12")
                    .toString(), "tls.truststore.password", PASSWORD), "trusted"), url)).isEqualTo(200);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aKeyStoreGivesTheClientCertificateAServerDemands() throws Exception {
        HttpsServer server = https(true);
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
            String trust = dir.resolve("server-trust.p12").toString();
            assertThatThrownBy(() -> get(HttpClientConfig.build(config("tls.truststore.path", trust,
                    "tls.truststore.password", PASSWORD), "no-certificate"), url)).isInstanceOf(IOException.class);
            assertThat(get(HttpClientConfig.build(config("tls.truststore.path", trust, "tls.truststore.password",
                    PASSWORD, "tls.keystore.path", dir.resolve("client.p12").toString(), "tls.keystore.password",
                    PASSWORD), "mutual"), url)).isEqualTo(200);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aTokenEndpointWithItsOwnFormIsSpokenToAsConfigured() throws Exception {
        List<String> tokenRequests = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth", exchange -> {
            tokenRequests.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"data\": {\"token\": \"tk-1\", \"ttl\": 120}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/api", exchange -> {
            exchange.sendResponseHeaders("Bearer tk-1".equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    ? 204 : 401, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            ResilientHttp http = HttpClientConfig.build(config("auth.type", "oauth2", "auth.oauth2.token.url",
                    base + "/oauth", "auth.oauth2.client.id", "app", "auth.oauth2.client.secret", "s&cret",
                    "auth.oauth2.client.auth", "body", "auth.oauth2.token.pointer", "/data/token",
                    "auth.oauth2.expires.pointer", "/data/ttl", "auth.oauth2.params", "audience=https://api"), "form");
            assertThat(get(http, base + "/api")).isEqualTo(204);
            assertThat(get(http, base + "/api")).isEqualTo(204);
            assertThat(tokenRequests).containsExactly("null grant_type=client_credentials&client_id=app"
                    + "&client_secret=s%26cret&audience=https%3A%2F%2Fapi");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void requestsGoThroughTheConfiguredProxy() throws Exception {
        List<String> proxied = new CopyOnWriteArrayList<>();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            proxied.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        proxy.start();
        try {
            // Port 9 on loopback (discard) is never contacted: the proxy answers for it.
            ResilientHttp http = HttpClientConfig.build(config("http.proxy", "127.0.0.1:" + proxy.getAddress()
                    .getPort()), "proxied");
            assertThat(get(http, "http://127.0.0.1:9/items?page=2")).isEqualTo(204);
            assertThat(proxied).containsExactly("http://127.0.0.1:9/items?page=2");
        } finally {
            proxy.stop(0);
        }
    }
}
