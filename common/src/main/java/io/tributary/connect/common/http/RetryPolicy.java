package io.tributary.connect.common.http;

import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before sending an HTTP request again: on an I/O error (connection refused or reset, a
 * timeout) or one of {@code retryStatuses}, up to {@code maxAttempts} in all, waiting an exponential backoff
 * ({@code initialBackoff} doubled per attempt, at most {@code maxBackoff}, spread by ± {@code jitter}) — or what the
 * server asks in {@code Retry-After} (seconds or an HTTP date), at most {@code maxRetryAfter}. Runs on
 * resilience4j's {@link Retry}; after the last attempt the last response is returned as it is, for the caller to
 * classify.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter,
                          Set<Integer> retryStatuses, Duration maxRetryAfter) {

    /** 408, 429 and the 5xx that mean "try later": the statuses retried unless a connector says otherwise. */
    public static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 425, 429, 500, 502, 503, 504);

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(30), 0.2, TRANSIENT_STATUSES,
                Duration.ofMinutes(5));
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
        retryStatuses = Set.copyOf(retryStatuses);
    }

    Retry retry(String name) {
        RetryConfig config = RetryConfig.<HttpResponse<byte[]>>custom()
                .maxAttempts(maxAttempts)
                .retryOnResult(response -> retryStatuses.contains(response.statusCode()))
                .retryExceptions(IOException.class)
                .failAfterMaxAttempts(false)
                .intervalBiFunction(this::waitMs)
                .build();
        return Retry.of(name, config);
    }

    private Long waitMs(Integer attempt, Either<Throwable, HttpResponse<byte[]>> outcome) {
        if (outcome.isRight()) {
            OptionalLong asked = retryAfterMs(outcome.get(), System.currentTimeMillis());
            if (asked.isPresent()) {
                return Math.min(asked.getAsLong(), maxRetryAfter.toMillis());
            }
        }
        return backoffMs(attempt);
    }

    /** The backoff before attempt {@code attempt + 1}: exponential, capped, with jitter. */
    long backoffMs(int attempt) {
        double base = Math.min(maxBackoff.toMillis(),
                initialBackoff.toMillis() * Math.pow(2, Math.max(0, attempt - 1)));
        double spread = jitter == 0 ? 1 : 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Math.max(0, Math.round(base * spread));
    }

    /** What a {@code Retry-After} header asks for, in ms from {@code nowMs}: delta-seconds or an HTTP date. */
    static OptionalLong retryAfterMs(HttpResponse<?> response, long nowMs) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        value = value.trim();
        try {
            return OptionalLong.of(Math.max(0, Long.parseLong(value)) * 1_000);
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return OptionalLong.of(Math.max(0, at - nowMs));
            } catch (DateTimeParseException notADate) {
                return OptionalLong.empty();
            }
        }
    }
}
