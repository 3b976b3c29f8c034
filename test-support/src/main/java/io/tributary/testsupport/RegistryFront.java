package io.tributary.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An https front on 127.0.0.1 for the real schema registry, doing what the registry here does not (it runs without
 * TLS and authentication): TLS with a test certificate, a bearer token required on every request, and an OAuth2
 * token endpoint ({@code POST /token}, client credentials in HTTP Basic) issuing that token. Registry requests with
 * the token are passed to the registry's Confluent-compatible API unchanged and its answers returned as they are.
 * The stores are {@link TestCertificates}' (PKCS12).
 */
public final class RegistryFront implements AutoCloseable {

    public static final String TOKEN = "registry-token-" + System.nanoTime();
    public static final String CLIENT_ID = "validator";
    public static final String CLIENT_SECRET = "validator-secret";

    private final HttpsServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public final AtomicInteger tokensIssued = new AtomicInteger();
    public final AtomicInteger refused = new AtomicInteger();

    public RegistryFront(URI registry, Path keystore, String password) throws IOException {
        this(registry, keystore, null, password);
    }

    /** With {@code clientTrust}, a client must show a certificate that trust store holds (mutual TLS). */
    public RegistryFront(URI registry, Path keystore, Path clientTrust, String password) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls(keystore, clientTrust, password)) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(clientTrust != null);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/token", exchange -> {
            String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"error\": \"invalid_client\"}");
                return;
            }
            tokensIssued.incrementAndGet();
            answer(exchange, 200, "{\"access_token\": \"" + TOKEN + "\", \"token_type\": \"Bearer\", \"expires_in\": 3600}");
        });
        server.createContext("/", exchange -> {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                answer(exchange, 401, "{\"error_code\": 401, \"message\": \"Unauthorized\"}");
                return;
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(registry.resolve(
                        "/apis/ccompat/v7" + exchange.getRequestURI().getRawPath())).timeout(Duration.ofSeconds(10))
                        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
                answer(exchange, response.statusCode(), response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer(exchange, 503, "{}");
            }
        });
        server.start();
    }

    /** The front's base URL; the registry's Confluent-compatible API answers under it, the token at /token. */
    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private static SSLContext tls(Path keystore, Path clientTrust, String password) throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keystore, password), password.toCharArray());
            TrustManagerFactory trust = null;
            if (clientTrust != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(clientTrust, password));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up the registry front's TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path path, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
