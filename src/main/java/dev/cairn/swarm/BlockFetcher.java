package dev.cairn.swarm;

import dev.cairn.content.Block;
import dev.cairn.content.Cid;
import dev.cairn.net.BlockHttpClient;
import dev.cairn.net.PeerAddress;
import dev.cairn.net.PeerClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fetches one block from one peer through the trustless gateway ({@code ?format=raw}, only
 * if the peer holds it itself) and verifies it. Bytes are read under the download cap, at most
 * {@link #MAX_BLOCK} of them, and a body that stalls is cut by a watchdog.
 */
final class BlockFetcher implements AutoCloseable {
    /** The largest block IPFS peers exchange. */
    static final int MAX_BLOCK = 2 << 20;
    private static final int SLICE = 64 * 1024;
    /** The peer must answer from its own store, not go to its peers in turn. */
    private static final String ONLY_IF_CACHED = "only-if-cached";

    /** The peer answered that it does not hold the block. */
    static final class NotHeldException extends IOException {
        NotHeldException(String message) {
            super(message);
        }
    }

    /** This node cancelled the request ({@link FetchProgress#cancel}): no fault of the peer's. */
    static final class CancelledException extends IOException {
        CancelledException(String message) {
            super(message);
        }
    }

    private final PeerClient client;
    private final BandwidthLimiter limiter;
    private final Duration bodyTimeout;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairn-fetch-watchdog");
        t.setDaemon(true);
        return t;
    });

    BlockFetcher(PeerClient client, BandwidthLimiter limiter, Duration bodyTimeout) {
        this.client = client;
        this.limiter = limiter;
        this.bodyTimeout = bodyTimeout;
    }

    /**
     * The verified block; {@link NotHeldException}, {@link dev.cairn.content.BlockMismatchException}
     * or IOException. {@code progress} hears the body's length and each part of it as it comes.
     * {@code behind}: the request may be pipelined behind an answer still coming from the peer
     * (see {@link BlockHttpClient#openPipelined}).
     */
    Block fetch(PeerAddress from, Cid cid, FetchProgress progress, boolean behind) throws IOException {
        if (progress.cancelled()) throw cancelled(from, cid);
        try (BlockHttpClient.Exchange res = client.blocks().openPipelined(from, behind)) {
            progress.attach(res); // from here a cancel cuts the request, waiting or reading
            try {
                res.get("/ipfs/" + cid + "?format=raw", "application/vnd.ipld.raw", ONLY_IF_CACHED);
                progress.answered(res.queued());
                int status = res.status();
                if (status == 404 || status == 412) {
                    skipShortBody(res);
                    throw new NotHeldException(from + " does not hold " + cid);
                }
                if (status != 200) throw new IOException(from + " answered " + status + " for block " + cid);
                long declared = res.contentLength();
                if (declared > MAX_BLOCK) throw new IOException(from + " offered a " + declared + "-byte block; the limit is " + MAX_BLOCK);
                if (declared >= 0) progress.expect(declared);
                ScheduledFuture<?> cut = watchdog.schedule(() -> FetchProgress.closeQuietly(res), bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    byte[] data = read(res.body(), declared, cid, from, progress);
                    // a cancelled read can end early without an error: never judge the peer by it
                    if (progress.cancelled()) throw cancelled(from, cid);
                    return Block.verified(cid, data);
                } finally {
                    cut.cancel(false);
                }
            } catch (IOException e) {
                if (progress.cancelled() && !(e instanceof CancelledException)) throw cancelled(from, cid);
                throw e;
            }
        }
    }

    /** Reads out a short answer that is not a block, so that its connection can carry the next request. */
    private static void skipShortBody(BlockHttpClient.Exchange res) throws IOException {
        long length = res.contentLength();
        if (length < 0 || length > SLICE) return;
        InputStream in = res.body();
        byte[] sink = new byte[(int) length];
        for (int n = 0, r; n < length; n += r) {
            r = in.read(sink, n, (int) length - n);
            if (r < 0) return;
        }
    }

    /**
     * A CAR slice from {@code from}, not yet asked for: whoever may have to cut it short can
     * hold it before {@link CarSlice#request} starts to wait for the answer.
     */
    CarSlice openSlice(PeerAddress from) {
        return new CarSlice(from, client.blocks().openPipelined(from, false));
    }

    /**
     * The blocks of the file {@code root} that hold its bytes {@code first..last} (the trustless
     * gateway's {@code dag-scope=entity} with {@code entity-bytes}) as one CAR: the root first,
     * then each block on the way down, in file order, each verified against its CID as it
     * arrives. Only from what the peer holds itself; read under the download cap, each block
     * within the block timeout. Closing it ends the request, whether waiting or reading.
     */
    final class CarSlice implements AutoCloseable {
        private final PeerAddress from;
        private final BlockHttpClient.Exchange exchange;
        private InputStream in;
        private dev.cairn.content.CarReader car;

        private CarSlice(PeerAddress from, BlockHttpClient.Exchange exchange) {
            this.from = from;
            this.exchange = exchange;
        }

        /** Asks for the slice and reads the answer's head; {@link NotHeldException} if the peer lacks it. */
        void request(Cid root, long first, long last) throws IOException {
            exchange.get("/ipfs/" + root + "?format=car&dag-scope=entity&entity-bytes=" + first + ":" + last,
                    "application/vnd.ipld.car; version=1; order=dfs; dups=n", ONLY_IF_CACHED);
            int status = exchange.status();
            if (status == 404 || status == 412) {
                skipShortBody(exchange);
                throw new NotHeldException(from + " does not hold " + root);
            }
            if (status != 200) throw new IOException(from + " answered " + status + " for a CAR of " + root);
            in = new java.io.FilterInputStream(exchange.body()) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) paid(n);
                    return n;
                }

                @Override
                public int read() throws IOException {
                    int c = super.read();
                    if (c >= 0) paid(1);
                    return c;
                }
            };
        }

        private void paid(int n) throws InterruptedIOException {
            try {
                limiter.acquire(n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("CAR from " + from + " interrupted");
            }
        }

        /** The next verified block; null at the end. A block that stalls past the block timeout fails. */
        Block next() throws IOException {
            if (in == null) throw new IllegalStateException("the slice was not requested");
            ScheduledFuture<?> cut = watchdog.schedule(exchange::close, bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                if (car == null) car = new dev.cairn.content.CarReader(in);
                return car.next();
            } finally {
                cut.cancel(false);
            }
        }

        @Override
        public void close() {
            exchange.close();
        }
    }

    private byte[] read(InputStream in, long declared, Cid cid, PeerAddress from, FetchProgress progress) throws IOException {
        byte[] buf = new byte[declared >= 0 ? (int) declared : SLICE];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (declared >= 0) {
                    if (in.read() != -1) throw new IOException(from + " sent more than its Content-Length for " + cid);
                    return buf;
                }
                if (buf.length > MAX_BLOCK) throw new IOException(from + " sent more than " + MAX_BLOCK + " bytes for " + cid);
                buf = java.util.Arrays.copyOf(buf, Math.min(MAX_BLOCK + 1, buf.length * 2));
            }
            int r = in.read(buf, n, Math.min(SLICE, buf.length - n));
            if (r < 0) break;
            n += r;
            progress.received(r);
            try {
                limiter.acquire(r); // paid after the read: the cap holds on average, and no tokens go unused
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("fetch of " + cid + " interrupted");
            }
        }
        if (declared >= 0 && n != declared) throw new IOException(from + " sent " + n + " of " + declared + " bytes of " + cid);
        return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
    }

    private static CancelledException cancelled(PeerAddress from, Cid cid) {
        return new CancelledException("the request to " + from + " for " + cid + " was cancelled");
    }


    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
