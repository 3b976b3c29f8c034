package io.tributary.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real Redis, ClickHouse and schema registry (Apicurio Registry) servers for integration tests: one already
 * answering on 127.0.0.1 (or at the URL in {@code TRIBUTARY_REDIS_URL} / {@code TRIBUTARY_CLICKHOUSE_URL} /
 * {@code TRIBUTARY_REGISTRY_URL}), never a mock. When none answers the test fails
 * and says how to start one. (Where a Docker engine exists one could start containers here; these machines have
 * none, so this harness does not try.)
 */
public final class LocalServices {

    private static final String HOW = "run ./tributary services start (it installs and starts Redis, ClickHouse "
            + "and the Apicurio schema registry on 127.0.0.1)";

    private LocalServices() {
    }

    /** Redis as {@code redis://host:port}. */
    public static URI redis() {
        URI uri = URI.create(System.getenv().getOrDefault("TRIBUTARY_REDIS_URL", "redis://127.0.0.1:6379"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[64];
            int n = in.read(reply);
            String answer = n <= 0 ? "" : new String(reply, 0, n, StandardCharsets.US_ASCII);
            if (!answer.startsWith("+PONG") && !answer.startsWith("-NOAUTH")) {
                fail("Something answers at " + uri + " but not as Redis (" + answer.trim() + "); " + HOW);
            }
            return uri;
        } catch (IOException e) {
            return fail("Redis is not answering at " + uri + " (" + e.getMessage() + "); " + HOW);
        }
    }

    /** ClickHouse's HTTP interface as {@code http://host:port}. */
    public static URI clickHouse() {
        URI uri = URI.create(System.getenv().getOrDefault("TRIBUTARY_CLICKHOUSE_URL", "http://127.0.0.1:8123"));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri.resolve("/ping")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().startsWith("Ok.")) {
                fail("Something answers at " + uri + " but not as ClickHouse; " + HOW);
            }
            return uri;
        } catch (IOException e) {
            return fail("ClickHouse is not answering at " + uri + " (" + e.getMessage() + "); " + HOW);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /**
     * The schema registry (Apicurio Registry) as {@code http://host:port}: its own API under
     * {@code /apis/registry/v2}, the Confluent-compatible one under {@code /apis/ccompat/v7}. Shared by every test of
     * a run and kept in memory, so tests use subjects and topics of their own.
     */
    public static URI registry() {
        URI uri = URI.create(System.getenv().getOrDefault("TRIBUTARY_REGISTRY_URL", "http://127.0.0.1:8081"));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri.resolve("/apis/registry/v2/system/info"))
                            .timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("apicurio-registry")) {
                fail("Something answers at " + uri + " but not as Apicurio Registry; " + HOW);
            }
            return uri;
        } catch (IOException e) {
            return fail("The schema registry is not answering at " + uri + " (" + e.getMessage() + "); " + HOW);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** The registry's Apicurio v2 API base, as Apicurio's converters and serdes take it. */
    public static String registryApi() {
        return registry().resolve("/apis/registry/v2").toString();
    }
}
