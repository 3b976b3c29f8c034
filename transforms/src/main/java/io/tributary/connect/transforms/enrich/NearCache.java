package io.tributary.connect.transforms.enrich;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * A bounded local cache in front of a lookup source (Caffeine): found values are kept for {@code ttl}, misses for
 * {@code negativeTtl} (0: misses are not cached), at most {@code maxEntries}. Failures are never cached.
 */
final class NearCache {

    private final Cache<String, Optional<Object>> cache;

    NearCache(long maxEntries, Duration ttl, Duration negativeTtl) {
        long hitNanos = ttl.toNanos();
        long missNanos = negativeTtl.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<String, Optional<Object>>() {
                    @Override
                    public long expireAfterCreate(String key, Optional<Object> value, long currentTime) {
                        return value.isPresent() ? hitNanos : missNanos;
                    }

                    @Override
                    public long expireAfterUpdate(String key, Optional<Object> value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Optional<Object> value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** The cached answer for a key, or null when the cache does not know it. */
    Optional<Object> get(String key) {
        return cache.getIfPresent(key);
    }

    void put(String key, Optional<Object> value) {
        cache.put(key, value);
    }

    /** Loads through the cache (for tests and simple callers). */
    Optional<Object> get(String key, Function<String, Optional<Object>> loader) {
        return cache.get(key, loader);
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
