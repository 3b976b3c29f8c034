package io.tributary.connect.common.http;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One HTTP endpoint as the connectors call it: the JDK's HTTP client (HTTP/1.1 and HTTP/2, pooled connections),
 * credentials from an {@link HttpAuth} (a 401 with OAuth2 fetches a new token and sends once more), an optional
 * rate limit (resilience4j {@link RateLimiter}: waits for a permit), an optional circuit breaker (resilience4j
 * {@link CircuitBreaker}: when open, calls fail at once with {@link CallNotPermittedException}, which a task turns
 * into a retriable error instead of hammering the endpoint), and the {@link RetryPolicy} around it all.
 *
 * <p>{@link #send} returns the final response whatever its status: what a status means (retry later, dead-letter,
 * fail) is the connector's to decide. I/O errors that outlast the retries are thrown.
 */
public final class ResilientHttp {

    private final HttpClient client;
    private final HttpAuth auth;
    private final Retry retry;
    private final RetryPolicy policy;
    private final RateLimiter rateLimiter;
    private final CircuitBreaker circuitBreaker;
    private final Duration requestTimeout;
    private final LongAdder requests = new LongAdder();
    private final LongAdder rateLimitWaits = new LongAdder();

    public ResilientHttp(String name, HttpClient client, HttpAuth auth, RetryPolicy policy, RateLimiter rateLimiter,
                         CircuitBreaker circuitBreaker, Duration requestTimeout) {
        this.client = client;
        this.auth = auth;
        this.retry = policy.retry(name);
        this.policy = policy;
        this.rateLimiter = rateLimiter;
        this.circuitBreaker = circuitBreaker;
        this.requestTimeout = requestTimeout;
    }

    /** An HTTP client for connectors: HTTP/2 when the server offers it, the given connect timeout, redirects followed. */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /**
     * Sends a request to {@code uri}, built by {@code request} (method, headers, body), with retries, rate limit,
     * circuit breaker and credentials.
     */
    public HttpResponse<byte[]> send(URI uri, Consumer<HttpRequest.Builder> request)
            throws IOException, InterruptedException {
        try {
            return Retry.decorateCheckedSupplier(retry, () -> attempt(uri, request)).get();
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    private HttpResponse<byte[]> attempt(URI uri, Consumer<HttpRequest.Builder> request)
            throws IOException, InterruptedException {
        if (rateLimiter != null) {
            long waitNanos = rateLimiter.reservePermission();   // reserves a permit; -1 if none within its timeout
            if (waitNanos < 0) {
                throw new IOException("no permit from the rate limiter within its timeout for " + uri);
            }
            if (waitNanos > 0) {
                rateLimitWaits.increment();
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            }
        }
        if (circuitBreaker != null) {
            circuitBreaker.acquirePermission();   // CallNotPermittedException while open
        }
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = exchange(uri, request);
            if (response.statusCode() == 401 && auth.refreshAfterUnauthorized()) {
                response = exchange(uri, request);
            }
            if (circuitBreaker != null) {
                long elapsed = System.nanoTime() - started;
                if (response.statusCode() >= 500 || response.statusCode() == 429) {
                    circuitBreaker.onError(elapsed, TimeUnit.NANOSECONDS,
                            new IOException(uri + " answered " + response.statusCode()));
                } else {
                    circuitBreaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                }
            }
            return response;
        } catch (IOException e) {
            if (circuitBreaker != null) {
                circuitBreaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            }
            throw e;
        }
    }

    private HttpResponse<byte[]> exchange(URI uri, Consumer<HttpRequest.Builder> request)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(requestTimeout);
        request.accept(builder);
        URI target = auth.apply(uri, builder);
        requests.increment();
        return client.send(builder.uri(target).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Requests sent (every attempt, and a repeat after a 401). */
    public long requests() {
        return requests.sum();
    }

    /** Requests that had to wait for the rate limiter. */
    public long rateLimitWaits() {
        return rateLimitWaits.sum();
    }

    /** True when a response with this status is sent again (until the attempts run out). */
    public boolean retried(int status) {
        return policy.retryStatuses().contains(status);
    }

    /** The circuit breaker, or null when there is none: its state tells a task to pause. */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** The retry, for its metrics and events (attempts, waits). */
    public Retry retry() {
        return retry;
    }
}
