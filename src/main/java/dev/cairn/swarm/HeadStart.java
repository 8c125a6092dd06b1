package dev.cairn.swarm;

import dev.cairn.content.Block;
import dev.cairn.content.BlockMismatchException;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import dev.cairn.content.UnixFsNode;
import dev.cairn.net.Peer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first bytes of a file's download, asked of the peers that list it before its root is
 * here: each is asked for one slice of the file's first bytes as a CAR (the trustless
 * gateway's {@code dag-scope=entity} with {@code entity-bytes}), which brings the root and
 * then the slice's blocks on the same request.
 *
 * <p>Block by block, a download's first leaf bytes come three round trips after it starts on a
 * link (the root, then a leaf request, then the leaf), on connections still in slow start; a
 * slice's leaves follow its root at once. Each slice stream counts as one request in flight to
 * its peer, and the download's own scheduler hands out the rest of the file meanwhile.
 *
 * <p>Every block is verified against its CID, and a stream may bring only the blocks of its
 * slice (the root, and the children of blocks it brought that hold the slice's bytes): a block
 * that does not hash right, or that was not asked for, ends that stream and counts against its
 * peer. The blocks a stream is to bring are registered with the swarm as being fetched, so the
 * scheduler waits for them rather than asking for them again; a stream that ends early fails
 * the ones it did not bring, and the scheduler hands those out as usual.
 */
final class HeadStart implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeadStart.class);
    /** Bytes of the file each stream asks for: about what a 100 Mbit/s link carries while the first block requests find their way. */
    static final long SLICE_BYTES = 2L << 20;
    /** Peers asked for a slice: the best of those listing the file. */
    static final int MAX_STREAMS = 3;

    private final Swarm swarm;
    private final Cid root;
    private final Set<Cid> retained;
    private final List<SliceStream> streams = new ArrayList<>();
    /** The root, as the first stream brought it; the others check their copy against it. */
    private final CompletableFuture<Block> rootFetch = new CompletableFuture<>();
    private final List<CompletableFuture<Void>> running = new ArrayList<>();
    private volatile IOException storeFailure;
    /** The root's write to the store; under this object's lock. */
    private CompletableFuture<Void> rootWrite;
    /** The root, once here, is a UnixFS file (it has slices); under this object's lock. */
    private boolean rootIsFile;
    private volatile boolean closed;

    private HeadStart(Swarm swarm, Cid root, Set<Cid> retained) {
        this.swarm = swarm;
        this.root = root;
        this.retained = retained;
    }

    /**
     * Starts one slice stream per peer (at most {@link #MAX_STREAMS}, best first), the first
     * peer's slice at the file's start; null when there is nothing to start: no peers, a root
     * that is not dag-pb (a single block), or one being fetched already.
     */
    static HeadStart start(Swarm swarm, Cid root, List<Peer> peers, Set<Cid> retained) {
        if (peers.isEmpty() || root.codec() != Codec.DAG_PB || root.isIdentity()) return null;
        HeadStart h = new HeadStart(swarm, root, retained);
        if (swarm.registerOrGet(root, h.rootFetch) != null) return null;
        int n = Math.min(MAX_STREAMS, peers.size());
        for (int i = 0; i < n; i++) h.streams.add(h.new SliceStream(peers.get(i), i * SLICE_BYTES, (i + 1) * SLICE_BYTES - 1));
        for (SliceStream s : h.streams) h.running.add(CompletableFuture.runAsync(s, swarm.workers));
        // whichever way the streams end, the root's waiters hear of it
        CompletableFuture.allOf(h.running.toArray(CompletableFuture[]::new)).whenComplete((ok, e) -> h.failRoot());
        return h;
    }

    /**
     * The first stream that brings the root: it registers every stream's slice below it, then
     * lets the download go on with the root's links at once. The root is stored in the
     * background (its fsyncs took 30 ms, which the streams need not wait for), and stays
     * registered until it is, so a reader finds it either there or stored.
     */
    private synchronized boolean rootArrived(Block block) {
        if (rootFetch.isDone()) return rootIsFile;
        UnixFsNode node = null;
        try {
            node = fileNode(block);
        } catch (IOException notAFile) {
            // a directory, say: no slices below it, but the root itself is as good as any (it
            // hashes right), and no fault of the peer's
        }
        rootIsFile = node != null;
        if (node != null) for (SliceStream s : streams) s.expectChildren(node, 0);
        rootFetch.complete(block);
        retained.add(root.toV1());
        rootWrite = CompletableFuture.runAsync(() -> {
            try {
                swarm.repo.blocks().put(block);
            } catch (IOException e) {
                storeFailure = e;
            } finally {
                swarm.unregister(root, rootFetch);
            }
        }, swarm.workers);
        return rootIsFile;
    }

    private synchronized void failRoot() {
        if (!rootFetch.isDone()) {
            rootFetch.completeExceptionally(new IOException("no peer sent the root " + root + " in a slice"));
            swarm.unregister(root, rootFetch);
        }
    }

    private UnixFsNode fileNode(Block block) throws IOException {
        try {
            UnixFsNode node = UnixFsNode.decode(block.cid(), block.data());
            if (!node.isFile()) throw new IOException(block.cid() + " is a " + node.type() + ", not a file node");
            return node;
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Ends the slices (once the download has every block, what a slice still brings is not
     * needed; a slice that stalled is cut rather than waited for), waits for them and for the
     * root's write, then rethrows a failure to store what one brought: the download must not
     * end, or pin, with a block it thinks stored missing.
     */
    void finish() throws IOException, InterruptedException {
        closed = true;
        for (SliceStream s : streams) s.cut();
        List<CompletableFuture<Void>> all = new ArrayList<>(running);
        synchronized (this) {
            if (rootWrite != null) all.add(rootWrite);
        }
        for (CompletableFuture<Void> f : all) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // a slice's own failure was handled where it happened; its blocks came another way
            }
        }
        if (storeFailure != null) throw storeFailure;
    }

    /** {@link #finish}, for a download that failed or was cancelled: its own failure is the one to report. */
    @Override
    public void close() {
        try {
            finish();
        } catch (IOException e) {
            LOG.debug("head start of {} ended with: {}", root, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One peer's slice of the file, {@code first..last}. */
    private final class SliceStream implements Runnable {
        private final Peer peer;
        private final long first;
        private final long last;
        /** Blocks this stream may still bring, with the file offset each one's bytes start at. */
        private final Map<Cid, Long> allowed = new LinkedHashMap<>();
        /** Of those, the ones registered as being fetched, which must be completed or failed. */
        private final Map<Cid, CompletableFuture<Block>> promised = new LinkedHashMap<>();
        /** This slice brought the root (its first block); under this object's lock. */
        private boolean rootBrought;
        /**
         * The stream has ended and failed what it had promised; under this object's lock. A root
         * that another stream brings later must not promise this one's blocks again: nothing
         * would complete them, and the download would wait on them for ever.
         */
        private boolean ended;
        private volatile BlockFetcher.CarSlice car;

        SliceStream(Peer peer, long first, long last) {
            this.peer = peer;
            this.first = first;
            this.last = last;
        }

        /** The children of {@code node} (whose bytes start at {@code start}) that hold bytes of this slice. */
        synchronized void expectChildren(UnixFsNode node, long start) {
            if (ended) return;
            long offset = start + node.data().length;
            for (int i = 0; i < node.links().size(); i++) {
                long size = node.blockSizes().get(i);
                Cid child = node.links().get(i).cid();
                if (size > 0 && offset <= last && offset + size - 1 >= first && !child.isIdentity()) {
                    Cid key = child.toV1();
                    if (allowed.putIfAbsent(key, offset) == null) {
                        CompletableFuture<Block> f = new CompletableFuture<>();
                        if (swarm.registerOrGet(key, f) == null) promised.put(key, f);
                    }
                }
                offset += size;
            }
        }

        void cut() {
            BlockFetcher.CarSlice c = car;
            if (c != null) c.close();
        }

        @Override
        public void run() {
            swarm.reserve(peer, true);
            swarm.metrics.streamStarted();
            long t0 = System.nanoTime();
            try (BlockFetcher.CarSlice slice = swarm.openSlice(peer)) {
                car = slice; // from here a cut ends the request, waiting for its answer or reading it
                if (closed) return;
                swarm.requestSlice(peer, slice, root, first, last);
                Block b;
                while ((b = slice.next()) != null) {
                    long took = System.nanoTime() - t0;
                    t0 = System.nanoTime();
                    if (!take(b)) break;
                    peer.blockReceived(b.size(), took, Math.max(1, swarm.inflightOf(peer)));
                    swarm.metrics.received(b.size(), took);
                    swarm.metrics.headStartBlock();
                }
            } catch (BlockMismatchException e) {
                swarm.sentBadBlock(peer, e.cid());
            } catch (BlockFetcher.NotHeldException e) {
                LOG.debug("{} holds no slice of {}: {}", peer.id(), root, e.getMessage());
            } catch (IOException | RuntimeException e) {
                if (!closed && storeFailure == null) {
                    peer.requestFailed();
                    swarm.metrics.peerFailed(peer.id());
                    LOG.debug("slice {}..{} of {} from {} ended: {}", first, last, root, peer.id(), e.toString());
                }
            } finally {
                swarm.metrics.streamEnded();
                swarm.release(peer);
                failUnbrought();
            }
        }

        /**
         * Checks that {@code b} belongs to this slice, stores it and hands it to whoever waits
         * for it; false if the slice is to end here, no one's fault (the root is not a file).
         */
        private boolean take(Block b) throws IOException {
            Cid key = b.cid().toV1();
            Long start;
            CompletableFuture<Block> f;
            synchronized (this) {
                // each block once (dups=n was asked for): a peer cannot keep a slice going with copies
                start = key.equals(root.toV1()) && !rootBrought ? Long.valueOf(0) : allowed.remove(key);
                if (start == null) throw new IOException(peer.id() + " sent " + b.cid() + ", which is not in slice " + first + ".." + last);
                if (key.equals(root.toV1())) rootBrought = true;
                f = promised.remove(key);
            }
            if (key.equals(root.toV1())) return rootArrived(b);
            if (b.cid().codec() == Codec.DAG_PB) {
                UnixFsNode node = fileNode(b);
                if (!node.links().isEmpty()) expectChildren(node, start);
            }
            retained.add(key);
            try {
                swarm.repo.blocks().put(b);
            } catch (IOException e) {
                storeFailure = e;
                if (f != null) fail(key, f, e);
                throw e;
            }
            if (f != null) {
                f.complete(b);
                swarm.unregister(key, f);
            }
            return true;
        }

        private synchronized void failUnbrought() {
            ended = true;
            IOException why = new IOException("the slice stream from " + peer.id() + " ended before this block");
            promised.forEach((key, f) -> fail(key, f, why));
            promised.clear();
        }

        private void fail(Cid key, CompletableFuture<Block> f, IOException why) {
            f.completeExceptionally(why);
            swarm.unregister(key, f);
        }
    }
}
