package dev.cairn.swarm;

import dev.cairn.content.Block;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import dev.cairn.content.DagPb;
import dev.cairn.content.UnixFsNode;
import dev.cairn.net.Peer;
import dev.cairn.net.Protocol;
import dev.cairn.store.Pin;
import dev.cairn.store.Repo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One whole-DAG download, level by level from the root (a file's leaves are one level).
 *
 * <p>For each level, the blocks already stored count as done (this is how an interrupted
 * download resumes). Every live peer is asked which of the missing blocks it holds; the peers
 * whose library lists the root, and those that held blocks of the level above (for the root
 * with no such peer, the best-scored one) are taken to hold all of this one until they
 * answer, so each level starts to flow one round trip sooner.
 * Blocks are handed out rarest first (in file order among equals), each to the peer with a
 * free request slot that is expected to finish it soonest, given its measured throughput. A
 * peer's slots are its request window (see {@link Swarm#window}). When nothing is left to
 * hand out, idle peers duplicate blocks still in flight elsewhere (end game): any of them for
 * the last few, and before that those in flight for over twice the usual time, so one slow or
 * stalled peer cannot hold up the tail. A peer that fails three requests in a row is left out
 * of the rest of the level, one that sends a bad block out of the rest of the download, and one
 * that does not hold a block is not asked for it again.
 *
 * <p>When no live peer can supply what is missing, a new download fails and says why (a user
 * is watching it); one taken up after a restart waits instead, showing why, and makes another
 * pass when that may have changed (see awaitChange).
 */
public final class Download implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Download.class);
    private static final int MAX_CONSECUTIVE_FAILURES = 3;
    /**
     * Fetched blocks of one download that may wait for their store write at once. A peer's next
     * request goes out as soon as a block's bytes are in, not after the write (its two fsyncs
     * took 5.6 ms on average, up to 33, in the swarm benchmark); this bounds the memory held
     * when the disk is slower than the network.
     */
    private static final int MAX_STORING = 16;
    /** A tail block is asked of a second peer no sooner than this after the first (or that peer's round trip, if longer). */
    private static final long MIN_HEDGE_NANOS = 50_000_000L;
    /** A waiting download tries again at least this often, even if nothing it can see has changed (a peer may have got the blocks unlisted). */
    static final long RETRY_NANOS = 60_000_000_000L;
    /** How often a waiting download looks for a change among its peers. */
    private static final long LOOK_MILLIS = 250;

    public enum State { RUNNING, DONE, FAILED, CANCELLED }

    /** What keeps the content once it is complete: nothing (a cache GC may reclaim), a pin, or a cluster hold. */
    public enum Keep { CACHE, PIN, HOLD }

    private final Swarm swarm;
    private final Cid root;
    /** Raised from CACHE to PIN by a pinning request that joins this download ({@link #pinToo}); under this object's lock. */
    private Keep keep;
    /** The content is kept as {@link #keep} says: too late to raise it. Under this object's lock. */
    private boolean kept;
    private final String id;
    private final long startedAt;
    /**
     * Taken up after a restart: nobody is waiting on it to say it failed, so when no peer can
     * supply what it lacks it waits ({@link #waiting}) and tries again, rather than failing.
     */
    private final boolean patient;
    /** Why a patient download is waiting; null while it is fetching. */
    private volatile String waiting;
    /** Set to make a waiting download try again at once (a user asked for it again). */
    private volatile boolean retryNow;
    private final Set<Cid> retained = ConcurrentHashMap.newKeySet();
    /** The links of inner blocks (dag-pb with links) fetched for the level being fetched, kept until the level below is read. */
    private final Map<Cid, List<Cid>> innerLinks = new ConcurrentHashMap<>();
    /** Inner blocks' writes to the store, which run alongside the levels below; the download waits for them before it ends. */
    private final List<CompletableFuture<Void>> innerWrites = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Set<String> peersUsed = ConcurrentHashMap.newKeySet();
    /** Ids of the peers that sent a bad block in this download: none of the levels below asks them again. */
    private final Set<String> liars = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong bytesFetched = new AtomicLong();
    private final AtomicLong blocksDone = new AtomicLong();
    private final AtomicLong blocksKnown = new AtomicLong(1);
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile long bytesTotal = -1;
    private volatile State state = State.RUNNING;
    private volatile String error;
    private volatile long endedAt;
    private volatile Thread runner;
    /** Ids of the peers that held blocks of the level last fetched: likely to hold the next one too. */
    private Set<String> holders = Set.of();
    /** Ids of the peers whose library lists the root, read when the download starts: likely to hold all of it. */
    private Set<String> listedBy = Set.of();
    /** The slices of the first bytes being fetched, if any: they bring the root. */
    private volatile HeadStart head;

    Download(Swarm swarm, Cid root, Keep keep) {
        this(swarm, root, keep, UUID.randomUUID().toString(), System.currentTimeMillis(), false);
    }

    /**
     * A download under {@code id}; {@code patient} for one taken up again after a restart (the
     * same id and start time as before), which waits for a peer that can supply what it lacks
     * where a new one fails at once and says why.
     */
    Download(Swarm swarm, Cid root, Keep keep, String id, long startedAt, boolean patient) {
        this.swarm = swarm;
        this.root = root;
        this.keep = keep;
        this.id = id;
        this.startedAt = startedAt;
        this.patient = patient;
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        try (Repo.Retention hold = swarm.repo.retain(retained)) {
            while (true) {
                try {
                    fetchAll();
                    break;
                } catch (NoSourceException e) {
                    if (!patient) throw e;
                    awaitChange(e.reason());
                }
            }
            awaitInnerWrites();
            // still retained here, so no collection can take a block between the last fetch and the pin
            synchronized (this) {
                if (keep == Keep.PIN) swarm.repo.pin(root, Pin.Mode.RECURSIVE, null);
                if (keep == Keep.HOLD) swarm.repo.hold(root);
                kept = true;
            }
            end(State.DONE, null);
            LOG.info("downloaded {} ({} bytes fetched from {} peers)", root, bytesFetched.get(), peersUsed.size());
        } catch (java.util.concurrent.CancellationException e) {
            end(State.CANCELLED, "cancelled");
        } catch (Exception e) {
            end(state == State.CANCELLED ? State.CANCELLED : State.FAILED, e.getMessage());
            if (state == State.FAILED) LOG.warn("download of {} failed: {}", root, e.getMessage());
        } finally {
            swarm.ended(this);
        }
    }

    /** One pass over the DAG, level by level from the root; what is stored counts as done, so a second pass resumes. */
    private void fetchAll() throws IOException, InterruptedException {
        // a pass counts what is stored as it goes, so a second pass starts the count again
        bytesDone.set(0);
        blocksDone.set(0);
        blocksKnown.set(1);
        listedBy = swarm.listedHolders(root);
        try (HeadStart started = headStart()) {
            head = started;
            List<Cid> frontier = List.of(root);
            boolean first = true;
            while (!frontier.isEmpty()) {
                if (state == State.CANCELLED) throw new java.util.concurrent.CancellationException();
                if (fetchLevel(frontier, first)) first = false;
                frontier = nextLevel(frontier);
            }
            if (started != null) started.finish();
        } finally {
            head = null;
        }
    }

    /**
     * Waits, showing {@code why}, until something that could let the download go on has
     * changed: a peer came or went, or another peer lists the root; or a user asked for it
     * again; or {@link #RETRY_NANOS} passed. Cancelling ends the wait.
     */
    private void awaitChange(String why) throws InterruptedException {
        LOG.info("download of {} waits for a peer that has what it lacks: {}", root, why);
        waiting = why;
        try {
            Object before = whatCouldHelp();
            long deadline = System.nanoTime() + RETRY_NANOS;
            while (!retryNow && System.nanoTime() < deadline && before.equals(whatCouldHelp())) {
                if (state == State.CANCELLED) throw new java.util.concurrent.CancellationException();
                Thread.sleep(LOOK_MILLIS);
            }
        } finally {
            retryNow = false;
            waiting = null;
        }
    }

    /** The live peers and those listing the root: a change in either may bring a source. */
    private Object whatCouldHelp() {
        Set<String> live = new HashSet<>();
        for (Peer p : swarm.network.livePeers()) live.add(p.id());
        return List.of(live, swarm.listedHolders(root));
    }

    /** Makes a waiting download try again now: someone asked for it again. */
    void retrySoon() {
        if (waiting != null) retryNow = true;
    }

    /**
     * For a file whose root is not here, slices of its first bytes from the live peers that
     * list it (see {@link HeadStart}); null if it has none of those, or the root is stored (a
     * resumed download, whose first bytes are likely stored too).
     */
    private HeadStart headStart() throws IOException {
        if (swarm.repo.blocks().sizeOf(root) >= 0) return null;
        List<Peer> listing = swarm.network.livePeers().stream().filter(p -> listedBy.contains(p.id())).toList();
        return HeadStart.start(swarm, root, listing, retained);
    }

    /** Waits for the inner blocks' background writes; the first that failed fails the download. */
    private void awaitInnerWrites() throws IOException, InterruptedException {
        List<CompletableFuture<Void>> writes;
        synchronized (innerWrites) {
            writes = List.copyOf(innerWrites);
        }
        for (CompletableFuture<Void> w : writes) {
            try {
                w.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                throw cause instanceof IOException io ? io : new IOException("could not store a block: " + cause, cause);
            }
        }
    }

    private void end(State s, String why) {
        // the state under the lock, so that pinToo sees a download either running or ended;
        // the future completed outside it, as its callbacks may call into the swarm
        synchronized (this) {
            state = s;
            error = why;
            endedAt = System.currentTimeMillis();
        }
        if (s == State.DONE) finished.complete(null);
        else finished.completeExceptionally(new IOException(why));
    }

    /** The links of this level's dag-pb blocks: those just fetched as decoded then, the others read back from the store. */
    private List<Cid> nextLevel(List<Cid> level) throws IOException {
        List<Cid> next = new ArrayList<>();
        for (Cid cid : level) {
            if (cid.codec() != Codec.DAG_PB || cid.isIdentity()) continue;
            List<Cid> links = innerLinks.remove(cid);
            if (links == null) {
                byte[] block = swarm.repo.blocks().get(cid);
                if (cid.equals(root)) sizeFrom(cid, block);
                links = DagPb.links(cid, block);
            }
            for (Cid link : links) if (!link.isIdentity()) next.add(link);
        }
        blocksKnown.addAndGet(next.size());
        return next;
    }

    private void sizeFrom(Cid cid, byte[] block) {
        try {
            UnixFsNode node = UnixFsNode.decode(cid, block);
            if (node.isFile()) bytesTotal = node.contentSize();
        } catch (RuntimeException notUnixFs) {
            // a dag-pb block that is not UnixFS: the download works, only the byte total is unknown
        }
    }

    /** Fetches what this level lacks; false if it lacked nothing. {@code first}: no level was fetched before. */
    private boolean fetchLevel(List<Cid> level, boolean first) throws IOException, InterruptedException {
        List<Cid> missing = new ArrayList<>();
        for (Cid cid : level) {
            if (cid.isIdentity()) {
                blocksDone.incrementAndGet();
                continue;
            }
            retained.add(cid.toV1());
            long size = swarm.repo.blocks().sizeOf(cid);
            if (size >= 0) {
                if (cid.codec() == Codec.RAW) bytesDone.addAndGet(size);
                blocksDone.incrementAndGet();
            } else {
                missing.add(cid);
            }
        }
        if (missing.isEmpty()) return false;
        Set<String> likely = new HashSet<>(listedBy);
        likely.addAll(holders);
        LevelScheduler scheduler = new LevelScheduler(missing, likely, first);
        scheduler.run();
        holders = scheduler.holders();
        return true;
    }

    /** Hands out one level's missing blocks to peers; see the class comment. */
    private final class LevelScheduler {
        private final List<Cid> blocks;
        private final List<Peer> peers;
        /** No level above was fetched, or none was missing: this download has not talked to its peers yet. */
        private final boolean firstLevel;
        private final Map<Peer, boolean[]> has = new HashMap<>();
        private final int[] rarity;
        private final TreeSet<Integer> pending;
        private final boolean[] done;
        private final int[] attempts;
        private final long[] dispatchedAt;
        /** The progress of each block's first request in flight (a duplicate's is not kept). */
        private final FetchProgress[] progress;
        /** The requests in flight for each block: the peers asked, and each request's progress. */
        private final Map<Integer, Map<Peer, FetchProgress>> assigned = new HashMap<>();
        private final Set<Peer> excluded = new HashSet<>();
        private final Map<Peer, Integer> failuresInARow = new HashMap<>();
        private final List<Integer> unavailable = new ArrayList<>();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Set<String> sentBy = new HashSet<>();
        private int doneCount;
        private int inFlight;
        /** Blocks whose bytes are all in and which are being stored: in flight still, but not to be asked of another peer. */
        private final boolean[] received;
        private int storing;
        /** The store refused a block (full disk, quota): no peer can help, so the download stops with this. */
        private IOException storeFailure;
        /** {@code have} questions not answered yet. */
        private int asking;

        LevelScheduler(List<Cid> blocks, Set<String> likelyHolders, boolean firstLevel) throws IOException {
            this.blocks = blocks;
            int n = blocks.size();
            done = new boolean[n];
            attempts = new int[n];
            dispatchedAt = new long[n];
            progress = new FetchProgress[n];
            received = new boolean[n];
            rarity = new int[n];
            pending = new TreeSet<>((a, b) -> rarity[a] != rarity[b] ? Integer.compare(rarity[a], rarity[b]) : Integer.compare(a, b));
            List<Peer> peers = swarm.network.livePeers();
            if (peers.isEmpty()) throw new NoSourceException("no peers are connected, and " + blocks.getFirst() + " is not stored here", "");
            // Peers whose library lists the root, and peers that held the level above, are taken
            // to hold all of this one until they answer, so its blocks start to flow without
            // waiting a round trip for the answers; with no such peer live, the best peer is. A
            // wrong guess costs a 412 per block tried.
            boolean anyLikely = peers.stream().anyMatch(p -> likelyHolders.contains(p.id()));
            for (Peer p : peers) {
                if (likelyHolders.contains(p.id()) || (!anyLikely && p == peers.getFirst())) {
                    boolean[] all = new boolean[n];
                    java.util.Arrays.fill(all, true);
                    has.put(p, all);
                }
            }
            for (Peer p : peers) if (liars.contains(p.id())) excluded.add(p);
            for (int i = 0; i < n; i++) pending.add(i);
            countHolders();
            this.peers = peers;
            this.firstLevel = firstLevel;
        }

        /** What {@code p} says it holds of this level; null if it did not answer. */
        private boolean[] haveOf(Peer p) {
            try {
                boolean[] out = new boolean[blocks.size()];
                for (int from = 0; from < blocks.size(); from += Protocol.MAX_HAVE) {
                    int to = Math.min(blocks.size(), from + Protocol.MAX_HAVE);
                    long t0 = System.nanoTime();
                    boolean[] part = swarm.network.client().have(p.address(), blocks.subList(from, to));
                    p.rttSample((System.nanoTime() - t0) / 1e6);
                    System.arraycopy(part, 0, out, from, part.length);
                }
                return out;
            } catch (IOException | RuntimeException e) {
                LOG.debug("peer {} did not say what it has: {}", p.id(), e.toString());
                return null;
            }
        }

        /** Takes {@code p}'s answer in place of any guess, and orders the pending blocks by the new rarities. */
        private void answered(Peer p, boolean[] answer) {
            lock.lock();
            try {
                asking--;
                if (answer != null) {
                    boolean[] known = has.get(p);
                    // a block it already failed to send stays off its list, whatever it says
                    if (known != null) for (int i = 0; i < answer.length; i++) answer[i] &= known[i];
                    has.put(p, answer);
                    List<Integer> again = new ArrayList<>(pending);
                    pending.clear();
                    countHolders();
                    pending.addAll(again);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private void countHolders() {
            java.util.Arrays.fill(rarity, 0);
            for (boolean[] h : has.values()) for (int i = 0; i < rarity.length; i++) if (h[i]) rarity[i]++;
        }

        /** Ids of the peers that sent blocks of this level or said they hold some. */
        Set<String> holders() {
            lock.lock();
            try {
                Set<String> ids = new HashSet<>(sentBy);
                for (var e : has.entrySet()) {
                    for (boolean b : e.getValue()) {
                        if (b) {
                            ids.add(e.getKey().id());
                            break;
                        }
                    }
                }
                return ids;
            } finally {
                lock.unlock();
            }
        }

        void run() throws IOException, InterruptedException {
            lock.lock();
            try {
                // The guessed holders' blocks go out before the questions, so that they take the
                // connections already open; on the first level, connections for the levels below
                // are opened meanwhile. A one-block level's (the root's) peer is neither asked nor
                // warmed: its request answers for it, and keeps the connection left open by
                // discovery (a warm-up ping that took it cost the root a handshake).
                while (dispatchOne()) {
                    // as many as the windows take
                }
                // With a head start, the root comes in its slices, which took the open connections
                // first: every peer's are warmed for the next level, and none asked about the root.
                boolean rootInSlices = head != null && blocks.size() == 1;
                List<Peer> toAsk = rootInSlices ? List.of()
                        : blocks.size() == 1 ? peers.stream().filter(p -> !askedOfThisLevel(p)).toList() : peers;
                for (Peer p : toAsk) {
                    asking++;
                    swarm.workers.submit(() -> answered(p, haveOf(p)));
                }
                if (firstLevel) swarm.warmUp(rootInSlices ? peers : toAsk);
                while (doneCount + unavailable.size() < blocks.size()) {
                    if (state == State.CANCELLED) throw new java.util.concurrent.CancellationException();
                    if (storeFailure != null) throw storeFailure;
                    if (dispatchOne()) continue;
                    if (inFlight == 0 && asking == 0) {
                        // nothing can be handed out, nothing is coming and every peer has answered: what is left, no usable peer holds
                        unavailable.addAll(pending);
                        pending.clear();
                        break;
                    }
                    changed.await(100, TimeUnit.MILLISECONDS);
                }
            } finally {
                lock.unlock();
            }
            if (!unavailable.isEmpty()) {
                throw new NoSourceException(unavailable.size() + " of " + blocks.size() + " blocks could not be fetched from any peer, "
                        + "for example " + blocks.get(unavailable.getFirst()), "; the " + doneCount + " fetched are kept, so a retry resumes");
            }
        }

        /** Whether a request of this level went to {@code p}; under the lock. */
        private boolean askedOfThisLevel(Peer p) {
            for (Map<Peer, FetchProgress> on : assigned.values()) if (on.containsKey(p)) return true;
            return false;
        }

        /**
         * Hands one block to one peer if any peer has a free slot and a block to take; under the
         * lock. A peer's first {@link Swarm#window} requests each take a connection; those past
         * it (up to {@link Swarm#requestLimit}) are pipelined behind them, only for blocks not
         * asked of anyone yet (an end-game copy queued behind another answer would come too late
         * to help), and only while more blocks are pending than the peers' windows hold: the
         * last ones go out as connections free up, so a peer that finishes early takes them
         * instead of their waiting queued behind another peer's answers.
         */
        private boolean dispatchOne() {
            if (storing >= MAX_STORING) return false;
            double unmeasured = unmeasuredRate();
            boolean mayQueue = pending.size() > windowsTotal();
            Peer best = null;
            int bestBlock = -1;
            double bestCost = Double.MAX_VALUE;
            boolean bestBehind = false;
            for (Peer p : peers) { // best first: among equal costs, the better-scored peer
                if (!has.containsKey(p) || excluded.contains(p)) continue;
                int inflight = swarm.inflightOf(p);
                boolean behind = inflight >= swarm.window(p);
                if (behind && (!mayQueue || inflight >= swarm.requestLimit(p))) continue;
                int b = behind ? firstPendingFor(p) : nextFor(p);
                if (b < 0) continue;
                double rate = p.bytesPerSecond() > 0 ? p.bytesPerSecond() : unmeasured;
                double cost = (inflight + 1) / rate;
                if (cost < bestCost) {
                    best = p;
                    bestBlock = b;
                    bestCost = cost;
                    bestBehind = behind;
                }
            }
            if (best == null || !swarm.reserve(best, bestBehind ? swarm.requestLimit(best) : swarm.window(best))) return false;
            pending.remove(bestBlock);
            attempts[bestBlock]++;
            Map<Peer, FetchProgress> on = assigned.computeIfAbsent(bestBlock, k -> new HashMap<>());
            FetchProgress followed = new FetchProgress();
            if (on.isEmpty()) {
                dispatchedAt[bestBlock] = System.nanoTime();
                progress[bestBlock] = followed;
            }
            on.put(best, followed);
            inFlight++;
            Peer peer = best;
            int index = bestBlock;
            boolean duplicate = attempts[bestBlock] > 1;
            boolean behind = bestBehind;
            swarm.workers.submit(() -> fetch(peer, index, duplicate, followed, behind));
            return true;
        }

        /**
         * The rate taken for a peer not measured yet: the measured peers' mean (1 MB/s while
         * none is), so that a new peer gets its share of requests, and is measured by them,
         * rather than only what the measured peers' full windows leave.
         */
        private double unmeasuredRate() {
            double sum = 0;
            int n = 0;
            for (Peer p : peers) {
                double rate = p.bytesPerSecond();
                if (rate > 0 && !excluded.contains(p)) {
                    sum += rate;
                    n++;
                }
            }
            return n == 0 ? 1e6 : sum / n;
        }

        /** The request windows of the peers that may be asked for blocks of this level. */
        private int windowsTotal() {
            int sum = 0;
            for (Peer p : peers) if (has.containsKey(p) && !excluded.contains(p)) sum += swarm.window(p);
            return sum;
        }

        /** The first pending block (rarest first) {@code p} holds; -1 if none. */
        private int firstPendingFor(Peer p) {
            boolean[] h = has.get(p);
            for (int i : pending) if (h[i]) return i;
            return -1;
        }

        /** The first pending block (rarest first) {@code p} holds, else in end game a block in flight elsewhere. */
        private int nextFor(Peer p) {
            int first = firstPendingFor(p);
            if (first >= 0) return first;
            boolean[] h = has.get(p);
            // End game: nothing left to hand out, so a block in flight elsewhere may be asked of
            // this peer too, once each: for the true tail (no more blocks in flight than peers),
            // any of them asked at least a round trip ago, which wastes little (a level of fewer
            // blocks than peers, the root's say, is not asked twice over at once); a late one (a
            // stalled connection, a peer that stopped answering), so one stall cannot hold up the
            // end for a block timeout; and one that this peer would bring whole sooner than the
            // rest of it comes where it is, so a peer that has run out of blocks does not idle
            // while the others finish theirs. Of those, the one furthest from arriving.
            if (!pending.isEmpty()) return -1;
            boolean tail = inFlight <= has.size();
            long now = System.nanoTime();
            long typical = swarm.typicalFetchNanos();
            long hedgeAfter = Math.max(MIN_HEDGE_NANOS, (long) (p.rttMillis() * 1e6));
            int best = -1;
            long bestLeft = -1;
            for (var e : assigned.entrySet()) {
                int i = e.getKey();
                if (done[i] || received[i] || attempts[i] >= 2 || !h[i] || e.getValue().containsKey(p)) continue;
                FetchProgress coming = progress[i];
                long left = coming == null ? Long.MAX_VALUE : coming.remainingNanos(now);
                boolean sooner = coming != null && left != Long.MAX_VALUE && left > swarm.expectedFetchNanos(p, coming.expectedLength());
                boolean tailNow = tail && now - dispatchedAt[i] >= hedgeAfter;
                if ((tailNow || sooner || late(i, now, typical)) && left > bestLeft) {
                    best = i;
                    bestLeft = left;
                }
            }
            return best;
        }

        /**
         * Stores a leaf just fetched. The peer's request slot is already free
         * ({@code fetchFrom} gave it back), so the scheduler is woken first: the peer's next
         * request goes out while this block is written, and its link does not idle for the
         * write. (Other copies still coming, in end game, are cut once the block is stored: a
         * cut copy's waiting readers read the block from the store.)
         */
        private void storeAfterFreeingTheSlot(int i, Block block) {
            lock.lock();
            try {
                received[i] = true;
                storing++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            boolean stored = false;
            try {
                store(block);
                stored = true;
            } finally {
                lock.lock();
                try {
                    storing--;
                    if (!stored) received[i] = false;
                } finally {
                    lock.unlock();
                }
            }
        }

        private void wake() {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /**
         * In flight for over twice the usual time, and not about to arrive: its bytes have not
         * started, or at the rate they come the rest takes longer than a whole block usually
         * does. A slow block that is nearly in stays with its peer; asking another for it then
         * would only spend a block of bandwidth twice.
         */
        private boolean late(int i, long now, long typical) {
            if (now - dispatchedAt[i] < 2 * typical) return false;
            FetchProgress p = progress[i];
            return p == null || p.remainingNanos(now) > typical;
        }

        private void fetch(Peer p, int i, boolean duplicate, FetchProgress followed, boolean behind) {
            Cid cid = blocks.get(i);
            Block block = null;
            Exception failure = null;
            // a reader may be fetching this block already: wait for it (except in end game, where racing is the point)
            CompletableFuture<Block> mine = new CompletableFuture<>();
            CompletableFuture<Block> other = duplicate ? null : swarm.registerOrGet(cid, mine);
            boolean writing = false;
            try {
                if (other != null) {
                    swarm.release(p);
                    wake(); // the slot is free for another block now, not when this one arrives
                    try {
                        block = Swarm.await(other, cid);
                        retained.add(cid.toV1());
                        // an inner block may not be stored yet (a head start's root is not, at first)
                        List<Cid> links = DagPb.links(cid, block.data());
                        if (!links.isEmpty()) {
                            if (cid.equals(root)) sizeFrom(cid, block.data());
                            innerLinks.put(cid, links);
                        }
                    } catch (IOException | RuntimeException e) {
                        throw new OtherFetchFailed(e); // not this peer's fault: hand the block out again
                    }
                } else {
                    block = swarm.fetchFrom(p, cid, followed, behind);
                    retained.add(cid.toV1());
                    List<Cid> links = DagPb.links(cid, block.data());
                    if (!links.isEmpty()) {
                        if (cid.equals(root)) sizeFrom(cid, block.data());
                        innerLinks.put(cid, links);
                        writeInBackground(block, mine);
                        writing = true;
                    } else {
                        storeAfterFreeingTheSlot(i, block);
                        mine.complete(block);
                    }
                }
            } catch (Exception e) {
                failure = e;
                if (e instanceof BlockFetcher.CancelledException) completeFromStore(mine, cid);
                else mine.completeExceptionally(e);
            } finally {
                if (!duplicate && !writing) swarm.unregister(cid, mine);
            }
            lock.lock();
            try {
                inFlight--;
                Map<Peer, FetchProgress> on = assigned.get(i);
                if (on != null) on.remove(p);
                if (failure == null) {
                    // the other copies in flight (end game) are not needed: their bytes stop here
                    if (on != null) on.values().forEach(FetchProgress::cancel);
                    failuresInARow.remove(p);
                    peersUsed.add(p.id());
                    sentBy.add(p.id());
                    bytesFetched.addAndGet(block.size());
                    if (!done[i]) {
                        done[i] = true;
                        doneCount++;
                        blocksDone.incrementAndGet();
                        if (cid.codec() == Codec.RAW) bytesDone.addAndGet(block.size());
                    }
                    if (on != null && on.isEmpty()) assigned.remove(i);
                } else {
                    if (failure instanceof StoreFailed f) {
                        if (storeFailure == null) storeFailure = f.getCause();
                    } else if (noFaultOfThePeer(failure)) {
                        // nobody to blame here
                    } else if (failure instanceof BlockFetcher.NotHeldException || failure instanceof Swarm.BadBlockException) {
                        has.get(p)[i] = false; // not asked for this block again
                    }
                    if (!(failure instanceof BlockFetcher.NotHeldException || failure instanceof StoreFailed || noFaultOfThePeer(failure))) {
                        int n = failuresInARow.merge(p, 1, Integer::sum);
                        if (n >= MAX_CONSECUTIVE_FAILURES || failure instanceof Swarm.BadBlockException) excluded.add(p);
                        if (failure instanceof Swarm.BadBlockException) liars.add(p.id());
                        LOG.debug("block {} from {} failed: {}", cid, p.id(), failure.toString());
                    }
                    if (!done[i] && (on == null || on.isEmpty())) {
                        assigned.remove(i);
                        pending.add(i);
                    }
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * A request that ended without the peer failing it: cancelled here, waiting on another
     * fetch that failed, or pipelined behind an answer that did not end cleanly (that answer's
     * request is charged if it failed, not if it was cancelled).
     */
    private static boolean noFaultOfThePeer(Exception failure) {
        return failure instanceof OtherFetchFailed || failure instanceof BlockFetcher.CancelledException
                || failure instanceof dev.cairn.net.BlockHttpClient.QueuedRequestLostException;
    }

    /**
     * Stores an inner block in the background. (Leaves, including CIDv0's dag-pb leaves, are
     * stored before they count as fetched, and not kept in memory.) The level below needs only
     * its links, decoded as it arrived, so the write (with its fsyncs, 10-80 ms in the
     * swarm benchmark) no longer holds up that level's first requests. Readers get the block
     * from {@code fetch} (completed now, and registered until the write is done), and the
     * download waits for the write before it ends. If the node dies first, the block is fetched
     * again on resume, like any other not stored yet.
     */
    private void writeInBackground(Block block, CompletableFuture<Block> fetch) {
        fetch.complete(block);
        innerWrites.add(CompletableFuture.runAsync(() -> {
            try {
                swarm.repo.blocks().put(block);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, swarm.workers).whenComplete((ok, failed) -> swarm.unregister(block.cid(), fetch)));
    }

    /**
     * A request cancelled because another copy of its block arrived, and stored, first: a
     * reader waiting on it gets that copy rather than an error.
     */
    private void completeFromStore(CompletableFuture<Block> f, Cid cid) {
        try {
            f.complete(Block.verified(cid, swarm.repo.blocks().get(cid)));
        } catch (IOException | RuntimeException e) {
            f.completeExceptionally(e);
        }
    }

    /** Writes a fetched leaf; a refusal is the store's (full disk, quota), not the peer's. */
    private void store(Block block) {
        try {
            swarm.repo.blocks().put(block);
        } catch (IOException e) {
            throw new StoreFailed(e);
        }
    }

    /** This node could not store a block it fetched: the download cannot go on, and the peer is not to blame. */
    private static final class StoreFailed extends RuntimeException {
        StoreFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** No live peer can supply blocks this download lacks (none connected, or none holds them). */
    static final class NoSourceException extends IOException {
        private final String reason;

        /** {@code advice} follows {@code reason} in the message, which is for a download that fails; a waiting one shows the reason alone. */
        NoSourceException(String reason, String advice) {
            super(reason + advice);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /** The fetch this one waited on failed. */
    private static final class OtherFetchFailed extends RuntimeException {
        OtherFetchFailed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    public void cancel() {
        if (state == State.RUNNING) {
            state = State.CANCELLED;
            Thread t = runner;
            if (t != null) t.interrupt();
        }
    }

    /** Completes when the download is done, exceptionally when it failed or was cancelled. */
    public CompletableFuture<Void> completion() {
        return finished;
    }

    /** Waits for the end; throws with the reason if the download did not complete. */
    public void await() throws IOException, InterruptedException {
        try {
            finished.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("download of " + root + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public String id() {
        return id;
    }

    public Cid root() {
        return root;
    }

    public synchronized Keep keep() {
        return keep;
    }

    /**
     * Makes a caching download pin what it fetches, for a pinning request that joins it, and
     * runs {@code save} (which records the change for a restart) under this download's lock, so
     * an end racing this cannot delete the saved record first; false if it has ended (or is past
     * its pin), so the request must start its own.
     */
    synchronized boolean pinToo(Runnable save) {
        if (state != State.RUNNING || kept || keep == Keep.HOLD) return false;
        keep = Keep.PIN;
        save.run();
        return true;
    }

    public State state() {
        return state;
    }

    public long startedAt() {
        return startedAt;
    }

    long endedAt() {
        return endedAt;
    }

    boolean finished() {
        return state != State.RUNNING;
    }

    /** Progress as the API shows it: bytes and blocks done of known totals, peers, rate, ETA. */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        long now = state == State.RUNNING ? System.currentTimeMillis() : endedAt;
        double secs = Math.max(0.001, (now - startedAt) / 1000.0);
        long rate = (long) (bytesFetched.get() / secs);
        m.put("id", id);
        m.put("cid", root.toString());
        m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        m.put("pin", keep() == Keep.PIN);
        m.put("bytes_done", bytesDone.get());
        m.put("bytes_total", bytesTotal);
        m.put("bytes_fetched", bytesFetched.get());
        m.put("blocks_done", blocksDone.get());
        m.put("blocks_known", blocksKnown.get());
        m.put("peers", peersUsed.stream().sorted().toList());
        m.put("rate_bytes_per_second", rate);
        String why = waiting;
        if (state == State.RUNNING && why != null) m.put("waiting", why);
        else if (state == State.RUNNING && bytesTotal > 0 && rate > 0) m.put("eta_seconds", (bytesTotal - bytesDone.get()) / rate);
        m.put("started_at", startedAt);
        if (endedAt > 0) m.put("ended_at", endedAt);
        if (error != null) m.put("error", error);
        return m;
    }
}
