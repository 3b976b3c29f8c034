package io.tributary.connect.transforms.validate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.tributary.connect.common.http.TlsContexts;

import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An https front on 127.0.0.1 for the real schema registry, doing what the registry here does not (it runs without
 * TLS and authentication): TLS with a test certificate, a bearer token required on every request, and an OAuth2
 * token endpoint ({@code POST /token}, client credentials in HTTP Basic) issuing that token. Registry requests with
 * the token are passed to the registry's Confluent-compatible API unchanged and its answers returned as they are.
 */
final class RegistryFront implements AutoCloseable {

    static final String TOKEN = "registry-token-" + System.nanoTime();
    static final String CLIENT_ID = "validator";
    static final String CLIENT_SECRET = "validator-secret";

    private final HttpsServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final AtomicInteger tokensIssued = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();

    RegistryFront(URI registry, Path keystore, String password) throws IOException {
        this(registry, keystore, null, password);
    }

    /** With {@code clientTrust}, a client must show a certificate that trust store holds (mutual TLS). */
    RegistryFront(URI registry, Path keystore, Path clientTrust, String password) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.of("PKCS12",
                clientTrust == null ? null : clientTrust.toString(), password, keystore.toString(), password,
                "test stores")) {
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

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
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
