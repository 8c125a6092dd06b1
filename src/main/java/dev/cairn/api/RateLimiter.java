package dev.cairn.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client token buckets: each client (by address) may make {@code perMinute} requests a
 * minute, in bursts of up to that many. A limit of 0 disables limiting.
 */
final class RateLimiter {
    /** Past this many tracked clients, idle buckets (full again) are dropped. */
    private static final int MAX_CLIENTS = 10_000;

    private final double capacity;
    private final double refillPerNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }
    }

    RateLimiter(int perMinute) {
        this.capacity = perMinute;
        this.refillPerNano = perMinute / 60e9;
    }

    /** Takes one token for {@code client}; throws 429 with the seconds until one is available. */
    void acquire(String client) {
        if (capacity <= 0) return;
        long now = System.nanoTime();
        if (buckets.size() > MAX_CLIENTS) prune(now);
        Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(capacity, now));
        synchronized (b) {
            b.tokens = Math.min(capacity, b.tokens + (now - b.updated) * refillPerNano);
            b.updated = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return;
            }
            long waitSeconds = (long) Math.ceil((1 - b.tokens) / refillPerNano / 1e9);
            throw ApiException.tooManyRequests(Math.max(1, waitSeconds));
        }
    }

    private void prune(long now) {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().updated) * refillPerNano >= capacity;
            }
        });
    }
}
