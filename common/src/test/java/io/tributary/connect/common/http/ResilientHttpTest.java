package io.tributary.connect.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP plumbing against a real HTTP server on 127.0.0.1 that answers as each test scripts it. */
class ResilientHttpTest {

    private HttpServer server;
    private final ConcurrentLinkedQueue<HttpExchange> seen = new ConcurrentLinkedQueue<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile Function<Integer, Answer> script = n -> new Answer(200, Map.of(), "ok");
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpClient client = ResilientHttp.client(Duration.ofSeconds(2));

    record Answer(int status, Map<String, String> headers, String body) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            int n = requests.incrementAndGet();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")) + "|"
                    + String.valueOf(exchange.getRequestHeaders().getFirst("X-Api-Key")));
            queries.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
            Answer answer = script.apply(n);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private ResilientHttp http(HttpAuth auth, RetryPolicy policy) {
        return new ResilientHttp("test", client, auth, policy, null, null, Duration.ofSeconds(5));
    }

    private static RetryPolicy quick(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(50), 0, RetryPolicy.TRANSIENT_STATUSES,
                Duration.ofSeconds(30));
    }

    @Test
    void a429WithRetryAfterIsRetriedAfterTheTimeTheServerAsks() throws Exception {
        script = n -> n == 1 ? new Answer(429, Map.of("Retry-After", "1"), "slow down") : new Answer(200, Map.of(), "ok");
        ResilientHttp http = http(new HttpAuth.None(), quick(3));
        List<Duration> waits = new CopyOnWriteArrayList<>();
        http.retry().getEventPublisher().onRetry(e -> waits.add(e.getWaitInterval()));
        HttpResponse<byte[]> response = http.send(uri("/x"), r -> r.GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(requests).hasValue(2);
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void transientStatusesAreRetriedUntilTheAttemptsRunOutThenTheLastResponseIsReturned() throws Exception {
        script = n -> new Answer(503, Map.of(), "down");
        HttpResponse<byte[]> response = http(new HttpAuth.None(), quick(3)).send(uri("/x"), r -> r.GET());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(requests).hasValue(3);
        script = n -> new Answer(400, Map.of(), "bad");
        requests.set(0);
        assertThat(http(new HttpAuth.None(), quick(3)).send(uri("/x"), r -> r.GET()).statusCode()).isEqualTo(400);
        assertThat(requests).as("a 400 will not heal: not retried").hasValue(1);
    }

    @Test
    void aRefusedConnectionIsRetriedThenThrown() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        ResilientHttp http = http(new HttpAuth.None(), quick(3));
        AtomicInteger retries = new AtomicInteger();
        http.retry().getEventPublisher().onRetry(e -> retries.incrementAndGet());
        assertThatThrownBy(() -> http.send(URI.create("http://127.0.0.1:" + closed + "/"), r -> r.GET()))
                .isInstanceOf(IOException.class);
        assertThat(retries).hasValue(2);
    }

    @Test
    void eachAuthKindSendsItsCredentials() throws Exception {
        http(new HttpAuth.Basic("ann", "s3cret"), quick(1)).send(uri("/a"), r -> r.GET());
        http(new HttpAuth.Bearer("tok"), quick(1)).send(uri("/a"), r -> r.GET());
        http(new HttpAuth.ApiKey("X-Api-Key", "k1", false), quick(1)).send(uri("/a"), r -> r.GET());
        http(new HttpAuth.ApiKey("api key", "k&2", true), quick(1)).send(uri("/a?page=2"), r -> r.GET());
        assertThat(authorizations).containsExactly("Basic YW5uOnMzY3JldA==|null", "Bearer tok|null", "null|k1",
                "null|null");
        assertThat(queries.get(3)).isEqualTo("page=2&api+key=k%262");
        assertThat(new HttpAuth.Basic("ann", "s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void oauth2TokensAreCachedRenewedBeforeExpiryAndRefreshedOnA401() throws Exception {
        AtomicReference<String> valid = new AtomicReference<>("t1");
        AtomicInteger issued = new AtomicInteger();
        List<String> tokenRequests = new CopyOnWriteArrayList<>();
        server.createContext("/token", exchange -> {
            tokenRequests.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String token = "t" + issued.incrementAndGet();
            valid.set(token);
            byte[] body = ("{\"access_token\": \"" + token + "\", \"token_type\": \"Bearer\", \"expires_in\": 600}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        script = n -> authorizations.get(n - 1).equals("Bearer " + valid.get() + "|null")
                ? new Answer(200, Map.of(), "ok") : new Answer(401, Map.of(), "who?");
        AtomicLong clock = new AtomicLong(1_000_000);
        OAuth2ClientCredentials oauth = new OAuth2ClientCredentials(uri("/token"), "app", "pw", "read write", client,
                clock::get);
        ResilientHttp http = http(oauth, quick(1));
        for (int i = 0; i < 3; i++) {
            assertThat(http.send(uri("/data"), r -> r.GET()).statusCode()).isEqualTo(200);
        }
        assertThat(oauth.tokensFetched()).as("one token for three calls").isEqualTo(1);
        assertThat(tokenRequests.get(0)).isEqualTo("Basic YXBwOnB3 grant_type=client_credentials&scope=read+write");

        valid.set("rotated-by-the-server");   // the token in hand is revoked: 401, a new token, the same call again
        assertThat(http.send(uri("/data"), r -> r.GET()).statusCode()).isEqualTo(200);
        assertThat(oauth.tokensFetched()).isEqualTo(2);

        clock.addAndGet(600_000 - OAuth2ClientCredentials.EARLY_MS);   // about to expire: renewed before sending
        int before = requests.get();
        assertThat(http.send(uri("/data"), r -> r.GET()).statusCode()).isEqualTo(200);
        assertThat(oauth.tokensFetched()).isEqualTo(3);
        assertThat(requests.get() - before).as("no 401 on the way").isEqualTo(1);
    }

    @Test
    void aCircuitBreakerOpensAfterRepeatedFailuresAndThenRefusesAtOnce() throws Exception {
        script = n -> new Answer(500, Map.of(), "boom");
        CircuitBreaker breaker = CircuitBreaker.of("test", CircuitBreakerConfig.custom()
                .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1)).build());
        ResilientHttp http = new ResilientHttp("test", client, new HttpAuth.None(), quick(1), null, breaker,
                Duration.ofSeconds(5));
        for (int i = 0; i < 4; i++) {
            assertThat(http.send(uri("/x"), r -> r.GET()).statusCode()).isEqualTo(500);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> http.send(uri("/x"), r -> r.GET())).isInstanceOf(CallNotPermittedException.class);
        assertThat(requests).as("the open breaker kept the fifth call off the server").hasValue(4);
    }

    @Test
    void aRateLimiterMakesRequestsBeyondTheLimitWait() throws Exception {
        RateLimiter limiter = RateLimiter.of("test", RateLimiterConfig.custom().limitForPeriod(2)
                .limitRefreshPeriod(Duration.ofMillis(500)).timeoutDuration(Duration.ofSeconds(5)).build());
        ResilientHttp http = new ResilientHttp("test", client, new HttpAuth.None(), quick(1), limiter, null,
                Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            assertThat(http.send(uri("/x"), r -> r.GET()).statusCode()).isEqualTo(200);
        }
        assertThat(http.rateLimitWaits()).as("two permits per period: the later calls waited").isGreaterThanOrEqualTo(2);
        assertThat(requests).hasValue(5);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() throws Exception {
        long now = 1_764_590_400_000L;   // 2025-12-01T12:00:00Z
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(now + 7_000).atZone(ZoneOffset.UTC));
        script = n -> new Answer(503, Map.of("Retry-After", n == 1 ? "12" : n == 2 ? date : "soon"), "");
        HttpResponse<byte[]> seconds = client.send(HttpRequest.newBuilder(uri("/r")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> httpDate = client.send(HttpRequest.newBuilder(uri("/r")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> nonsense = client.send(HttpRequest.newBuilder(uri("/r")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(RetryPolicy.retryAfterMs(seconds, now)).hasValue(12_000);
        assertThat(RetryPolicy.retryAfterMs(httpDate, now)).hasValue(7_000);
        assertThat(RetryPolicy.retryAfterMs(nonsense, now)).isEmpty();
        assertThat(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(250), 0, Set.of(), Duration.ZERO)
                .backoffMs(3)).as("doubling, capped").isEqualTo(250);
    }
}
