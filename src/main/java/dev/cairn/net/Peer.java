package dev.cairn.net;

/**
 * One known peer and what this node has measured of it. Scores come from measurements only:
 * the share of requests that succeeded, the block throughput, and the round-trip time.
 * Thread-safe: the discovery loop and many downloads update it at once.
 */
public final class Peer {
    public enum State { LIVE, SUSPECT }

    /** A peer that sent this many bad blocks is dropped and refused for a while. */
    static final int MAX_BAD_BLOCKS = 3;
    private static final double ALPHA = 0.3;
    /**
     * The round-trip time is the lowest sample of the current window of this length and the
     * one before it: a path that got slower shows within two windows, while one slow sample
     * (a handshake on cold code, a request queued behind a transfer) does not raise it.
     */
    static final long RTT_WINDOW_NANOS = 60_000_000_000L;

    private final String id;
    private PeerAddress address;
    private State state = State.SUSPECT;
    private long lastSeen;
    private long failedRounds;
    /** Lowest RTT sample of the current window, and of the window before; -1 for none. */
    private double rttCurrent = -1;
    private double rttPrevious = -1;
    private long rttWindowStart;
    private double bytesPerSecond = -1;
    private long successes;
    private long failures;
    private long badBlocks;
    private long bytesReceived;
    private long items;

    Peer(String id, PeerAddress address) {
        this.id = id;
        this.address = address;
    }

    public String id() {
        return id;
    }

    public synchronized PeerAddress address() {
        return address;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized long lastSeen() {
        return lastSeen;
    }

    /** The round-trip time in milliseconds: the lowest sample of the last one to two minutes; -1 before any. */
    public synchronized double rttMillis() {
        if (rttPrevious < 0) return rttCurrent;
        return rttCurrent < 0 ? rttPrevious : Math.min(rttCurrent, rttPrevious);
    }

    public synchronized double bytesPerSecond() {
        return bytesPerSecond;
    }

    public synchronized long items() {
        return items;
    }

    public synchronized long badBlocks() {
        return badBlocks;
    }

    public synchronized long bytesReceived() {
        return bytesReceived;
    }

    public synchronized long failures() {
        return failures;
    }

    synchronized void items(long n) {
        items = n;
    }

    /** A verified handshake at {@code at}: the peer is live. */
    synchronized void seen(PeerAddress at, double rtt, long now) {
        address = at;
        state = State.LIVE;
        lastSeen = now;
        failedRounds = 0;
        rttSample(rtt);
    }

    /**
     * A request's time from sent to its answer's first bytes (a handshake, a {@code have}
     * question, a block's headers), in milliseconds. Each is the round trip plus whatever the
     * peer took to answer, so the lowest recent one is the best estimate of the round trip.
     */
    public void rttSample(double millis) {
        rttSample(millis, System.nanoTime());
    }

    synchronized void rttSample(double millis, long nowNanos) {
        if (!(millis >= 0) || Double.isInfinite(millis)) return;
        long age = nowNanos - rttWindowStart;
        if (rttCurrent < 0 && rttPrevious < 0) {
            rttWindowStart = nowNanos;
        } else if (age >= RTT_WINDOW_NANOS) {
            // a window ended: it becomes the previous one, unless a whole window went by without samples
            rttPrevious = age >= 2 * RTT_WINDOW_NANOS ? -1 : rttCurrent;
            rttCurrent = -1;
            rttWindowStart = nowNanos;
        }
        rttCurrent = rttCurrent < 0 ? millis : Math.min(rttCurrent, millis);
    }

    /** A round in which the peer did not answer; returns how many in a row. */
    synchronized long missedRound() {
        state = State.SUSPECT;
        return ++failedRounds;
    }

    /** A block that arrived whole and verified, {@code bytes} in {@code nanos}. */
    public synchronized void blockReceived(long bytes, long nanos, int concurrent) {
        successes++;
        bytesReceived += bytes;
        // with several requests in flight each one sees a share of the link: scale back up
        partialTransfer(bytes, nanos, concurrent);
    }

    /**
     * A request this node cut short (another copy of its block arrived first): what arrived,
     * over how long, still measures the peer's throughput, though it counts as neither a
     * success nor a failure. A stalled request measured this way drags the estimate down.
     */
    public synchronized void partialTransfer(long bytes, long nanos, int concurrent) {
        double rate = bytes * 1e9 / Math.max(1, nanos) * Math.max(1, concurrent);
        bytesPerSecond = bytesPerSecond < 0 ? rate : bytesPerSecond + ALPHA * (rate - bytesPerSecond);
    }

    /** A request that failed (error, timeout); the caller retries elsewhere. */
    public synchronized void requestFailed() {
        failures++;
    }

    /** A block whose bytes did not match its CID; returns true once the peer has lied too often. */
    public synchronized boolean badBlock() {
        failures++;
        return ++badBlocks >= MAX_BAD_BLOCKS;
    }

    /**
     * 0..1: mostly the success rate (with a prior of one success and one failure, so a new peer
     * starts at 0.5), then throughput (full marks at 12.5 MB/s, a 100 Mbit/s link) and RTT.
     */
    public synchronized double score() {
        double success = (successes + 1.0) / (successes + failures + 2.0);
        double rate = bytesPerSecond < 0 ? 0.5 : Math.min(1, bytesPerSecond / 12.5e6);
        double rttNow = rttMillis();
        double rtt = rttNow < 0 ? 0.5 : 1 / (1 + rttNow / 50);
        return 0.6 * success + 0.25 * rate + 0.15 * rtt;
    }
}
