package dev.cairn.swarm;

import java.io.Closeable;
import java.io.IOException;

/**
 * How far one block request has got: the bytes received so far and when the first of them
 * came. The download's end game reads it to tell a block that is slow but still coming (leave
 * it) from one that is stalled or crawling (ask another peer too), and cancels it once another
 * copy of the block has arrived, so the rest of its bytes stop taking the link. Written by the
 * one thread that reads the body, read and cancelled by the scheduler.
 */
final class FetchProgress {
    /** Assumed size of a block whose length the peer has not declared yet. */
    private static final long TYPICAL_BLOCK = 1 << 20;

    private volatile long answeredNanos;
    private volatile boolean queued;
    private volatile long firstByteNanos;
    private volatile long received;
    private volatile long length = -1;
    private volatile boolean cancelled;
    private volatile Closeable body;

    /** The body being read; closed at once if the request is cancelled, now or later. */
    void attach(Closeable in) {
        body = in;
        if (cancelled) closeQuietly(in);
    }

    /** The block is no longer wanted from this request: its body is closed, which ends the read. */
    void cancel() {
        cancelled = true;
        Closeable in = body;
        if (in != null) closeQuietly(in);
    }

    long received() {
        return received;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Closes a body being read, which is how a read is cut short (here, or by a watchdog). */
    static void closeQuietly(Closeable in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is how the read is ended; its own failure changes nothing
        }
    }

    /** The answer's headers are in (any status); {@code queued}: its request waited behind another answer, pipelined. */
    void answered(boolean queued) {
        this.queued = queued;
        answeredNanos = System.nanoTime();
    }

    /** Whether the request was pipelined behind another answer, so the wait for this one's head was not a round trip. */
    boolean queued() {
        return queued;
    }

    /** When the answer's headers came ({@link System#nanoTime}); 0 before. */
    long answeredNanos() {
        return answeredNanos;
    }

    /** The body's declared length, once the headers are in. */
    void expect(long bytes) {
        length = bytes;
    }

    /** The body's declared length, or a typical block's size until the headers are in. */
    long expectedLength() {
        long declared = length;
        return declared >= 0 ? declared : TYPICAL_BLOCK;
    }

    void received(int bytes) {
        if (received == 0) firstByteNanos = System.nanoTime();
        received += bytes; // one writer
    }

    /**
     * Nanoseconds until the rest arrives at the rate seen since the first byte; {@code
     * Long.MAX_VALUE} while nothing has come. A stall shows as a falling rate, so the estimate
     * grows while it lasts.
     */
    long remainingNanos(long now) {
        long got = received;
        long since = now - firstByteNanos;
        if (got == 0 || since <= 0) return Long.MAX_VALUE;
        long left = Math.max(0, (length >= 0 ? length : TYPICAL_BLOCK) - got);
        return (long) (left * ((double) since / got));
    }
}
