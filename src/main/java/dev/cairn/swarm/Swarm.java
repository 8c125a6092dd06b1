package dev.cairn.swarm;

import dev.cairn.content.ArrivingBlocks;
import dev.cairn.content.Block;
import dev.cairn.content.BlockMismatchException;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.Cid;
import dev.cairn.metrics.SwarmMetrics;
import dev.cairn.net.BlockHttpClient;
import dev.cairn.net.Network;
import dev.cairn.net.Peer;
import dev.cairn.store.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Getting blocks this node lacks from the peers that have them.
 *
 * <p>Two ways in: {@link #source()} serves readers (the gateway, /content, a CLI get) block by
 * block, in the order they read, asking the best peers first; {@link #download} fetches a whole
 * DAG with block-level scheduling over every peer that has it (see {@link Download}). Both go
 * through {@link #fetchFrom}, which verifies each block, keeps each peer's measurements and
 * request window, and scores down or bans peers that fail or lie. A block wanted twice at once
 * is fetched once.
 */
public final class Swarm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Swarm.class);
    private static final double TYPICAL_BLOCK = 1 << 20;
    /** Peers a download warms connections to when it starts: enough for a swarm, not a crowd. */
    private static final int WARM_PEERS = 16;

    final Repo repo;
    final Network network;
    final SwarmOptions options;
    final SwarmMetrics metrics;
    private final BandwidthLimiter upload;
    private final BlockFetcher fetcher;
    private final Map<String, AtomicInteger> inflight = new ConcurrentHashMap<>();
    private final Map<Cid, CompletableFuture<Block>> fetching = new ConcurrentHashMap<>();
    private final Map<String, Download> downloads = new ConcurrentHashMap<>();
    private final SavedTransfers saved;
    /** Set by {@link #close}: downloads cancelled from then on stay saved, to be taken up at the next start. */
    private volatile boolean closing;
    /** A moving average of how long one block takes to arrive, for readers' patience. */
    private volatile long typicalFetchNanos = 250_000_000L;
    /**
     * Runs downloads, their block requests, {@code have} questions and store writes. Platform
     * threads, not virtual ones: a cold node loads classes on these paths, and a virtual thread
     * loading a class pins its carrier (one per core), so on a small machine the first
     * requests of a download queued behind one another for 40-55 ms (the swarm benchmark on
     * 2 cores, where raising the carriers to 8 removed the wait). Their number is bounded by
     * the peers' request windows and the readers streaming.
     */
    final ExecutorService workers = Executors.newCachedThreadPool(Thread.ofPlatform().name("cairn-swarm-", 0).daemon().factory());

    public Swarm(Repo repo, Network network, SwarmOptions options, SwarmMetrics metrics) throws IOException {
        this.repo = repo;
        this.saved = new SavedTransfers(repo.database());
        this.network = network;
        this.options = options;
        this.metrics = metrics;
        this.upload = new BandwidthLimiter(options.maxUploadRate());
        this.fetcher = new BlockFetcher(network.client(), new BandwidthLimiter(options.maxDownloadRate()), options.blockTimeout());
    }

    public Network network() {
        return network;
    }

    public BandwidthLimiter uploadLimiter() {
        return upload;
    }

    public SwarmMetrics metrics() {
        return metrics;
    }

    /** Blocks from the store, else from peers (stored unpinned as they arrive, so GC may reclaim them). */
    public ArrivingBlocks source() {
        return new ArrivingBlocks() {
            @Override
            public byte[] get(Cid cid) throws IOException {
                byte[] here = getIfPresent(cid);
                return here != null ? here : fetchForReader(cid).data();
            }

            @Override
            public byte[] getIfPresent(Cid cid) throws IOException {
                try {
                    return repo.blocks().get(cid);
                } catch (BlockNotFoundException absent) {
                    return null;
                }
            }

            @Override
            public boolean isPresent(Cid cid) throws IOException {
                return repo.blocks().has(cid);
            }

            @Override
            public Subscription onArrival(java.util.function.Consumer<Cid> listener) {
                Runnable off = repo.blocks().onPut(listener);
                return off::run;
            }
        };
    }

    /** Starts fetching every block of {@code root} that is not stored; pins it at the end when asked. */
    public Download download(Cid root, boolean pin) {
        return download(root, pin ? Download.Keep.PIN : Download.Keep.CACHE);
    }

    /**
     * Starts fetching every block of {@code root} that is not stored, then keeps it as {@code keep}
     * says. A user's download (not a cluster hold, which the cluster asks for again itself) is
     * saved first, so that a restart takes it up again.
     */
    public synchronized Download download(Cid root, Download.Keep keep) {
        if (keep != Download.Keep.HOLD) {
            Download running = runningUserDownloadOf(root, keep);
            if (running != null) return running;
        }
        Download d = new Download(this, root, keep);
        if (keep != Download.Keep.HOLD) {
            try {
                saved.save(d);
            } catch (IOException e) {
                LOG.warn("download of {} not saved, so a restart will not take it up again: {}", root, e.getMessage());
            }
        }
        return run(d);
    }

    /**
     * A user's download of {@code root} still running, which a second request, such as a {@code
     * cairn get} of a root the node took up again at start, joins instead of showing as a second
     * transfer: a pinning one serves a caching request too, and a caching one is made to pin for a
     * pinning request (and saved so, for a restart). One waiting for a peer tries again at once.
     * Null if none.
     */
    private Download runningUserDownloadOf(Cid root, Download.Keep keep) {
        for (Download d : downloads.values()) {
            if (d.state() != Download.State.RUNNING || !d.root().toV1().equals(root.toV1())) continue;
            Download.Keep has = d.keep();
            d.retrySoon();
            if (has == keep || has == Download.Keep.PIN && keep == Download.Keep.CACHE) return d;
            if (has == Download.Keep.CACHE && keep == Download.Keep.PIN && d.pinToo(() -> {
                try {
                    saved.save(d);
                } catch (IOException e) {
                    LOG.warn("download of {} now pins, but a restart would take it up as caching only: {}", root, e.getMessage());
                }
            })) {
                return d;
            }
        }
        return null;
    }

    private Download run(Download d) {
        downloads.put(d.id(), d);
        workers.submit(d);
        return d;
    }

    /**
     * Takes up the downloads that were running when the node last stopped or died, under their
     * old ids; what they had stored counts as done. One per root, the pinning one if any. These
     * wait, however long, for a peer that can supply what they lack (see {@link Download}): the
     * user asked for them, and nobody is watching to hear that they failed.
     */
    public void resumeSaved() throws IOException {
        Map<Cid, SavedTransfers.Saved> byRoot = new java.util.LinkedHashMap<>();
        for (SavedTransfers.Saved s : saved.all()) {
            SavedTransfers.Saved before = byRoot.get(s.root().toV1());
            if (before == null || (before.keep() != Download.Keep.PIN && s.keep() == Download.Keep.PIN)) {
                if (before != null) saved.remove(before.id());
                byRoot.put(s.root().toV1(), s);
            } else {
                saved.remove(s.id());
            }
        }
        for (SavedTransfers.Saved s : byRoot.values()) {
            LOG.info("taking up the download of {} again", s.root());
            run(new Download(this, s.root(), s.keep(), s.id(), s.startedAt(), true));
        }
    }

    /** A download ended: unsaved unless the node stopping ended it, and old ones forgotten. */
    void ended(Download d) {
        if ((d.state() == Download.State.DONE || !closing) && d.keep() != Download.Keep.HOLD) {
            try {
                saved.remove(d.id());
            } catch (IOException e) {
                LOG.warn("could not unsave the ended download of {}: {}", d.root(), e.getMessage());
            }
        }
        forgetOld();
    }

    public List<Download> downloads() {
        List<Download> all = new ArrayList<>(downloads.values());
        all.sort((a, b) -> Long.compare(a.startedAt(), b.startedAt())); // not comparingLong, which spins a class at first use
        return all;
    }

    public Optional<Download> downloadById(String id) {
        return Optional.ofNullable(downloads.get(id));
    }

    /** Finished downloads are kept for an hour for their status, and at most 100. */
    private void forgetOld() {
        long cutoff = System.currentTimeMillis() - 3_600_000;
        downloads.values().removeIf(d -> d.finished() && d.endedAt() < cutoff);
        List<Download> done = downloads().stream().filter(Download::finished).toList();
        for (int i = 0; i < done.size() - 100; i++) downloads.remove(done.get(i).id());
    }

    private Block fetchForReader(Cid cid) throws IOException {
        Cid key = cid.toV1();
        for (int waits = 0; ; waits++) {
            CompletableFuture<Block> mine = new CompletableFuture<>();
            CompletableFuture<Block> running = fetching.putIfAbsent(key, mine);
            if (running != null && waits < 2) {
                try {
                    return awaitOrRace(running, cid);
                } catch (IOException | RuntimeException e) {
                    continue; // that fetch failed (its peer, say): try again, ourselves if no one else is
                }
            }
            // The fetch runs on its own so that this reader can race it if it stalls; it is
            // registered for others to wait on unless a third attempt finds one running still.
            CompletableFuture<Block> own = running == null ? mine : new CompletableFuture<>();
            boolean registered = running == null;
            try {
                workers.submit(() -> {
                    try {
                        own.complete(fetchAndStore(cid));
                    } catch (IOException | RuntimeException e) {
                        own.completeExceptionally(e);
                    } finally {
                        if (registered) fetching.remove(key, own);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                if (registered) fetching.remove(key, own);
                // a reader still streaming as the node stops: a plain I/O error, not a server fault
                throw new IOException("the node is stopping; " + cid + " was not fetched");
            }
            return awaitOrRace(own, cid);
        }
    }

    /** The block from the first peer that has it, least busy first, stored (unpinned). */
    private Block fetchAndStore(Cid cid) throws IOException {
        Block b = fetchFromAny(cid, leastBusyFirst(network.livePeers()));
        repo.blocks().put(b);
        return b;
    }

    /**
     * {@code peers} (best score first) reordered by requests in flight, fewest first, score
     * breaking ties: a reader's block goes where it will not queue behind a download's, and a
     * peer sitting on stalled requests comes last.
     */
    private List<Peer> leastBusyFirst(List<Peer> peers) {
        List<Peer> order = new ArrayList<>(peers);
        order.sort(Comparator.comparingInt(this::inflightOf)); // stable: score order among equals
        return order;
    }

    /**
     * The block another fetch is bringing; if it takes much longer than blocks usually do (a
     * stalled connection, a slow peer), the same block is also asked of the peers, and the first
     * to arrive is taken. A reader streams in order, so one late block would hold up everything
     * after it, and a download that ends meanwhile would leave the reader far behind.
     */
    private Block awaitOrRace(CompletableFuture<Block> running, Cid cid) throws IOException {
        Block inTime = await(running, cid, patienceNanos());
        if (inTime != null) return inTime;
        LOG.debug("block {} is late; asking the peers for it too", cid);
        CompletableFuture<Block> race = CompletableFuture.supplyAsync(() -> {
            try {
                return fetchAndStore(cid);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, workers);
        CompletableFuture<Block> first = new CompletableFuture<>();
        running.whenComplete((b, e) -> {
            if (e == null) first.complete(b);
            else race.whenComplete((b2, e2) -> {
                if (e2 == null) first.complete(b2);
                else first.completeExceptionally(e);
            });
        });
        race.thenAccept(first::complete);
        return await(first, cid);
    }

    long typicalFetchNanos() {
        return typicalFetchNanos;
    }

    /** How long a reader waits on a block in flight before racing it: three typical fetches, at least half a second. */
    private long patienceNanos() {
        return Math.max(500_000_000L, 3 * typicalFetchNanos);
    }

    /** Asks peers one at a time, best score first, until one has the block. */
    private Block fetchFromAny(Cid cid, Collection<Peer> peers) throws IOException {
        IOException last = null;
        for (Peer p : peers) {
            reserve(p, true);
            try {
                return fetchFrom(p, cid, new FetchProgress());
            } catch (BlockFetcher.NotHeldException e) {
                // normal: not every peer has every block
            } catch (IOException | BadBlockException e) {
                last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
        if (last != null) throw new IOException("no peer could send block " + cid + ": " + last.getMessage(), last);
        throw new BlockNotFoundException(cid);
    }

    /**
     * The block from one peer, already reserved with {@link #reserve}; the reservation is
     * released here. {@code progress} follows the transfer.
     */
    Block fetchFrom(Peer p, Cid cid, FetchProgress progress) throws IOException {
        return fetchFrom(p, cid, progress, false);
    }

    /** As {@link #fetchFrom(Peer, Cid, FetchProgress)}; {@code behind}: the request may be pipelined (see {@link #requestLimit}). */
    Block fetchFrom(Peer p, Cid cid, FetchProgress progress, boolean behind) throws IOException {
        metrics.streamStarted();
        long t0 = System.nanoTime();
        try {
            Block b;
            try {
                b = fetcher.fetch(p.address(), cid, progress, behind);
            } finally {
                // a pipelined request's head waited for the answer before it, not a round trip
                if (progress.answeredNanos() != 0 && !progress.queued()) p.rttSample((progress.answeredNanos() - t0) / 1e6);
            }
            long took = System.nanoTime() - t0;
            typicalFetchNanos = (typicalFetchNanos * 7 + took) / 8; // a racy update only blurs an estimate
            p.blockReceived(b.size(), took, Math.max(1, inflight(p).get()));
            metrics.received(b.size(), took);
            return b;
        } catch (BlockMismatchException e) {
            sentBadBlock(p, cid);
            throw new BadBlockException(p, cid);
        } catch (BlockFetcher.NotHeldException | BlockHttpClient.QueuedRequestLostException e) {
            throw e; // a lost request's peer is charged only through the answer before it, if that one failed
        } catch (BlockFetcher.CancelledException e) {
            // cut short here (another copy won): what did arrive still measures the peer
            p.partialTransfer(progress.received(), System.nanoTime() - t0, Math.max(1, inflight(p).get()));
            throw e;
        } catch (IOException e) {
            p.requestFailed();
            metrics.peerFailed(p.id());
            throw e;
        } finally {
            metrics.streamEnded();
            inflight(p).decrementAndGet();
        }
    }

    /** {@code p} sent bytes that do not hash to {@code cid}: counted, scored down, and banned if it keeps lying. */
    void sentBadBlock(Peer p, Cid cid) {
        metrics.badBlock();
        metrics.peerFailed(p.id());
        LOG.warn("peer {} sent a block that does not match {}", p.id(), cid);
        if (p.badBlock()) network.ban(p, "sent " + p.badBlocks() + " bad blocks");
    }

    /** A CAR slice from {@code p}, to be asked for with {@link #requestSlice} (see {@link HeadStart}). */
    BlockFetcher.CarSlice openSlice(Peer p) {
        return fetcher.openSlice(p.address());
    }

    /** Asks {@code p} for the blocks of {@code root}'s bytes {@code first..last} on {@code slice}, timing its answer. */
    void requestSlice(Peer p, BlockFetcher.CarSlice slice, Cid root, long first, long last) throws IOException {
        long t0 = System.nanoTime();
        try {
            slice.request(root, first, last);
            p.rttSample((System.nanoTime() - t0) / 1e6);
        } catch (BlockFetcher.NotHeldException e) {
            p.rttSample((System.nanoTime() - t0) / 1e6); // an answer all the same
            throw e;
        }
    }

    /** Takes a request slot of {@code p}; false when its window is full (readers pass {@code force}). */
    boolean reserve(Peer p, boolean force) {
        return reserve(p, force ? Integer.MAX_VALUE : window(p));
    }

    /** Takes a request slot of {@code p}; false when it has {@code limit} requests in flight already. */
    boolean reserve(Peer p, int limit) {
        AtomicInteger n = inflight(p);
        while (true) {
            int now = n.get();
            if (now >= limit) return false;
            if (n.compareAndSet(now, now + 1)) return true;
        }
    }

    /**
     * Requests a download keeps in flight to {@code p}: its {@link #window} (one per connection),
     * and with pipelining one more queued behind each, so that the peer goes from one answer
     * straight to the next instead of waiting a round trip for the next request.
     */
    int requestLimit(Peer p) {
        int w = window(p);
        return options.pipeline() ? 2 * w : w;
    }

    int inflightOf(Peer p) {
        return inflight(p).get();
    }

    private AtomicInteger inflight(Peer p) {
        return inflight.computeIfAbsent(p.id(), k -> new AtomicInteger());
    }

    /**
     * Requests kept in flight to a peer: its bandwidth-delay product in blocks, measured, plus
     * two so the link never idles between replies, within swarm.min_streams..max_streams.
     */
    int window(Peer p) {
        double rate = p.bytesPerSecond();
        double rtt = p.rttMillis();
        if (rate <= 0 || rtt <= 0) return options.minStreams();
        int w = (int) Math.ceil(rate * rtt / 1000 / TYPICAL_BLOCK) + 2;
        return Math.max(options.minStreams(), Math.min(options.maxStreams(), w));
    }

    /**
     * How long {@code p} would take to send a block of {@code bytes} asked now: a round trip,
     * then the bytes at its measured rate shared with the requests it has in flight. {@code
     * Long.MAX_VALUE} for a peer not measured yet.
     */
    long expectedFetchNanos(Peer p, long bytes) {
        double rate = p.bytesPerSecond();
        if (rate <= 0) return Long.MAX_VALUE;
        double rtt = Math.max(0, p.rttMillis()) * 1e6;
        return (long) (rtt + bytes * 1e9 * (inflightOf(p) + 1) / rate);
    }

    /**
     * Opens a request window's worth of connections to each of the first {@link #WARM_PEERS}
     * of {@code peers} (best first), and one for the next level's {@code have} question, so
     * that a download's blocks do not wait for handshakes once its root has arrived.
     */
    void warmUp(List<Peer> peers) {
        for (Peer p : peers.subList(0, Math.min(WARM_PEERS, peers.size()))) {
            network.client().blocks().warm(p.address(), window(p));
            network.client().warm(p.address(), 1);
        }
    }

    /**
     * Ids of the peers whose library lists {@code root} (in any CID version); empty if the
     * catalog cannot be read, which only costs the download its head start.
     */
    Set<String> listedHolders(Cid root) {
        try {
            return new HashSet<>(network.remote().holders(root));
        } catch (IOException e) {
            LOG.debug("cannot read who lists {}: {}", root, e.toString());
            return Set.of();
        }
    }

    /** Registers {@code f} as the fetch of {@code cid}; returns the fetch already running instead, if any. */
    CompletableFuture<Block> registerOrGet(Cid cid, CompletableFuture<Block> f) {
        return fetching.putIfAbsent(cid.toV1(), f);
    }

    /** Gives back a slot taken with {@link #reserve} that was not used for a fetch. */
    void release(Peer p) {
        inflight(p).decrementAndGet();
    }

    void unregister(Cid cid, CompletableFuture<Block> f) {
        fetching.remove(cid.toV1(), f);
    }

    static Block await(CompletableFuture<Block> f, Cid cid) throws IOException {
        return await(f, cid, Long.MAX_VALUE);
    }

    /** The block {@code f} brings, its failure rethrown as it was; null if it takes longer than {@code nanos}. */
    private static Block await(CompletableFuture<Block> f, Cid cid, long nanos) throws IOException {
        try {
            return f.get(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException late) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("waiting for block " + cid);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    /** A peer sent bytes that do not hash to the CID asked for. */
    static final class BadBlockException extends RuntimeException {
        BadBlockException(Peer p, Cid cid) {
            super("peer " + p.id() + " sent a bad block for " + cid);
        }
    }

    @Override
    public void close() {
        closing = true;
        downloads.values().forEach(Download::cancel);
        workers.shutdownNow();
        fetcher.close();
    }
}
