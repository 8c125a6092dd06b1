package dev.cairn.swarm;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/** Writes through a {@link BandwidthLimiter}, at most 64 KiB at a time, and counts what it sent. */
public final class ThrottledOutputStream extends FilterOutputStream {
    private static final int SLICE = 64 * 1024;
    private final BandwidthLimiter limiter;
    private final LongConsumer sent;

    public ThrottledOutputStream(OutputStream out, BandwidthLimiter limiter, LongConsumer sent) {
        super(out);
        this.limiter = limiter;
        this.sent = sent;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, SLICE);
            try {
                limiter.acquire(n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("upload interrupted");
            }
            out.write(b, off, n);
            sent.accept(n);
            off += n;
            len -= n;
        }
    }
}
