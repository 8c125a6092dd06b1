package dev.cairn.swarm;

/**
 * A byte-rate cap shared by every transfer in one direction: a token bucket refilled at
 * {@code bytesPerSecond}, holding at most 100 ms of traffic (at least 64 KiB), so a cap holds
 * over any window of a second or more and bursts stay short. Callers take tokens before they
 * move bytes and sleep while there are none. A rate of 0 means no cap.
 */
public final class BandwidthLimiter {
    public static final BandwidthLimiter UNLIMITED = new BandwidthLimiter(0);

    private final long rate;
    private final double capacity;
    private double tokens;
    private long updated = System.nanoTime();

    public BandwidthLimiter(long bytesPerSecond) {
        if (bytesPerSecond < 0) throw new IllegalArgumentException("rate must not be negative");
        this.rate = bytesPerSecond;
        this.capacity = Math.max(64 * 1024, bytesPerSecond / 10.0);
        this.tokens = capacity;
    }

    public long rate() {
        return rate;
    }

    /** Blocks until {@code bytes} may be moved. Large amounts are taken a bucketful at a time. */
    public void acquire(long bytes) throws InterruptedException {
        if (rate == 0 || bytes <= 0) return;
        long left = bytes;
        while (left > 0) {
            long take = (long) Math.min(left, capacity);
            long waitNanos;
            synchronized (this) {
                refill();
                tokens -= take; // may go negative: the debt is paid by waiting, which keeps order fair
                waitNanos = tokens >= 0 ? 0 : (long) (-tokens / rate * 1e9);
            }
            if (waitNanos > 0) java.util.concurrent.TimeUnit.NANOSECONDS.sleep(waitNanos);
            left -= take;
        }
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - updated) * (rate / 1e9));
        updated = now;
    }
}
