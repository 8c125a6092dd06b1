package dev.cairn.gateway;

import dev.cairn.content.ArrivingBlocks;
import dev.cairn.content.BlockSource;
import dev.cairn.content.CarWriter;
import dev.cairn.content.Cid;
import dev.cairn.content.DagPb;
import dev.cairn.content.PbLink;
import dev.cairn.content.UnixFs;
import dev.cairn.content.UnixFsNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the blocks of a CAR response in depth-first link order: first the blocks of the path
 * (root directory down to the parent of the terminal element), then what the dag-scope selects
 * under the terminal element. Identity blocks are never written (the spec forbids it).
 *
 * <p>With {@code dups=n} each block is written once. A subtree already written in full is not
 * walked again; a file node seen before only partly (an entity-bytes range that covered part of
 * an earlier occurrence of a repeated subtree) is walked again for the blocks still missing.
 *
 * <p>With a source whose blocks may still arrive ({@link #arrivingFrom}, for {@code order=unk}
 * and {@code dups=n}), a whole DAG ({@code dag-scope=all}) is written in the order its blocks
 * come instead: each block as soon as it is here, its links then as soon as each of them is.
 * A reader of a file being fetched from many peers gets every block the moment it is stored,
 * not held back behind one late block (which, in depth-first order, holds back all after it).
 *
 * <p>A block that cannot be read or decoded once writing has begun ends the stream: the complete
 * sections written so far are flushed and a {@link GatewayStreamException} is thrown.
 */
final class CarStreamer {
    /** What to write under the terminal element. */
    sealed interface Selection {}

    /** Only the terminal block. */
    record OnlyBlock() implements Selection {}

    /** The whole DAG under the terminal element. */
    record All() implements Selection {}

    /** The blocks of a UnixFS file needed for a byte range ({@code span} null: the whole file). */
    record FileRange(UnixFsNode root, EntityBytes.Span span) implements Selection {}

    /** A HAMT-sharded directory: its shard nodes, not the entries. */
    record HamtShards() implements Selection {}

    /**
     * With dups=y a DAG that links the same subtree twice at every level doubles the walk per
     * level: a few KiB of hostile blocks would stream forever. Past this many block visits the
     * stream is aborted. (With dups=n every block is walked at most a few times.)
     */
    static final long MAX_DUPLICATE_VISITS = 1L << 24;

    /** How long a stream in arrival order waits for the next block before it asks for one itself. */
    private static final long ARRIVAL_WAIT_MILLIS = 1_000;

    private final BlockSource source;
    /** Set for order=unk with dups=n: see the class comment. */
    private ArrivingBlocks arriving;
    private final boolean duplicates;
    private final long maxVisits;
    private long visits;
    private final Set<Cid> written = new HashSet<>();
    private final Set<Cid> complete = new HashSet<>();
    private CarWriter writer;
    private BufferedOutputStream buffered;

    CarStreamer(BlockSource source, boolean duplicates) {
        this(source, duplicates, MAX_DUPLICATE_VISITS);
    }

    CarStreamer(BlockSource source, boolean duplicates, long maxVisits) {
        this.source = source;
        this.duplicates = duplicates;
        this.maxVisits = maxVisits;
    }

    /** With {@code arriving} not null, a whole DAG is written as its blocks arrive; it must be the source's own view. */
    CarStreamer arrivingFrom(ArrivingBlocks arriving) {
        this.arriving = arriving;
        return this;
    }

    void write(OutputStream out, Gateway.Resolved resolved, Selection selection) throws IOException {
        buffered = new BufferedOutputStream(out, 64 * 1024);
        writer = new CarWriter(buffered, List.of(resolved.terminal()));
        try {
            for (int i = 0; i < resolved.pathBlocks().size(); i++) {
                emit(resolved.cids().get(i), resolved.pathBlocks().get(i));
            }
            // instanceof, not a pattern switch: a type switch is bootstrapped at its first run, which
            // spins a class on a cold node's first CAR request (ARCHITECTURE.md, "Start-up")
            if (selection instanceof OnlyBlock) {
                emit(resolved.terminal(), resolved.terminalBlock());
            } else if (selection instanceof All) {
                if (arriving != null && !duplicates) asTheyArrive(resolved.terminal(), resolved.terminalBlock());
                else all(resolved.terminal(), resolved.terminalBlock());
            } else if (selection instanceof FileRange f) {
                fileRange(resolved.terminal(), resolved.terminalBlock(), f.root(), f.span());
            } else if (selection instanceof HamtShards) {
                hamt(resolved.terminal(), resolved.terminalBlock());
            } else {
                throw new IllegalStateException("unknown CAR selection " + selection);
            }
        } catch (GatewayStreamException e) {
            try {
                buffered.flush(); // the complete sections before the failure are still useful
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        buffered.flush();
    }

    private void emit(Cid cid, byte[] data) throws IOException {
        if (cid.isIdentity()) return;
        if (!duplicates && !written.add(cid.toV1())) return;
        writer.write(cid, data);
    }

    /** Marks {@code cid} as fully written; false if it already was (and dups=n: skip it). */
    private boolean firstComplete(Cid cid) throws GatewayStreamException {
        if (!duplicates) return complete.add(cid.toV1());
        if (++visits > maxVisits) {
            throw new GatewayStreamException("CAR stream aborted: with dups=y the DAG repeats blocks more than "
                    + maxVisits + " times; ask with dups=n", null);
        }
        return true;
    }

    private byte[] load(Cid cid) throws GatewayStreamException {
        try {
            return source.get(cid);
        } catch (IOException | RuntimeException e) {
            throw new GatewayStreamException("CAR stream aborted: block " + cid + " could not be read: " + e.getMessage(), e);
        }
    }

    private void all(Cid root, byte[] rootBlock) throws IOException {
        Deque<Cid> todo = new ArrayDeque<>();
        byte[] block = rootBlock;
        Cid cid = root;
        while (true) {
            if (firstComplete(cid)) {
                if (block == null) block = load(cid);
                emit(cid, block);
                List<Cid> links;
                try {
                    links = DagPb.links(cid, block);
                } catch (RuntimeException e) {
                    throw new GatewayStreamException("CAR stream aborted: block " + cid + " is not valid dag-pb: " + e.getMessage(), e);
                }
                for (int i = links.size() - 1; i >= 0; i--) todo.push(links.get(i));
            }
            if (todo.isEmpty()) return;
            cid = todo.pop();
            block = null;
        }
    }

    /**
     * The whole DAG under {@code root}, each block written once, as soon as it is here. With
     * nothing arriving for {@link #ARRIVAL_WAIT_MILLIS} (no download running, say), the first
     * block still wanted is read through the source, which fetches it: the stream goes on as a
     * depth-first one would.
     */
    private void asTheyArrive(Cid root, byte[] rootBlock) throws IOException {
        java.util.concurrent.LinkedBlockingQueue<Cid> arrived = new java.util.concurrent.LinkedBlockingQueue<>();
        // CIDv1 of the blocks linked and not here yet, in the order first linked
        Set<Cid> wanted = new java.util.LinkedHashSet<>();
        try (ArrivingBlocks.Subscription ignored = arriving.onArrival(arrived::add)) {
            take(root, rootBlock, wanted);
            while (!wanted.isEmpty()) {
                Cid next = arrived.poll();
                if (next == null) buffered.flush(); // what is written reaches the reader before this waits
                try {
                    if (next == null) next = arrived.poll(ARRIVAL_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GatewayStreamException("CAR stream aborted: interrupted", e);
                }
                if (next == null) {
                    Cid first = wanted.iterator().next();
                    take(first, load(first), wanted);
                } else if (wanted.contains(next)) {
                    byte[] block = present(next);
                    if (block != null) take(next, block, wanted);
                }
            }
        }
    }

    private record Here(Cid cid, byte[] block) {}

    /**
     * Writes {@code cid}'s block and, depth first, every block under it that is here; what is
     * not here becomes wanted. A block is read only when its turn comes (a file already stored
     * whole would otherwise be held in memory whole, read while its root's links were looked at).
     */
    private void take(Cid cid, byte[] block, Set<Cid> wanted) throws IOException {
        Deque<Here> todo = new ArrayDeque<>();
        todo.push(new Here(cid, block));
        while (!todo.isEmpty()) {
            Here h = todo.pop();
            Cid key = h.cid().toV1();
            if (complete.contains(key)) continue;
            byte[] data = h.block() != null ? h.block() : present(h.cid());
            if (data == null) { // gone since it was seen (a GC): wait for it like any other
                wanted.add(key);
                continue;
            }
            wanted.remove(key);
            firstComplete(key);
            emit(h.cid(), data);
            List<Cid> links;
            try {
                links = DagPb.links(h.cid(), data);
            } catch (RuntimeException e) {
                throw new GatewayStreamException("CAR stream aborted: block " + h.cid() + " is not valid dag-pb: " + e.getMessage(), e);
            }
            List<Here> present = new ArrayList<>();
            for (Cid link : links) {
                Cid linkKey = link.toV1();
                if (link.isIdentity() || complete.contains(linkKey) || wanted.contains(linkKey)) continue;
                if (isPresent(link)) present.add(new Here(link, null));
                else wanted.add(linkKey); // in link order: the first wanted is the earliest in the DAG
            }
            for (int i = present.size() - 1; i >= 0; i--) todo.push(present.get(i));
        }
    }

    private boolean isPresent(Cid cid) throws GatewayStreamException {
        try {
            return arriving.isPresent(cid);
        } catch (IOException | RuntimeException e) {
            throw new GatewayStreamException("CAR stream aborted: block " + cid + " could not be looked up: " + e.getMessage(), e);
        }
    }

    private byte[] present(Cid cid) throws GatewayStreamException {
        try {
            return arriving.getIfPresent(cid);
        } catch (IOException | RuntimeException e) {
            throw new GatewayStreamException("CAR stream aborted: block " + cid + " could not be read: " + e.getMessage(), e);
        }
    }

    private record Part(Cid cid, long start, long size) {}

    private void fileRange(Cid root, byte[] rootBlock, UnixFsNode rootNode, EntityBytes.Span span) throws IOException {
        Deque<Part> todo = new ArrayDeque<>();
        todo.push(new Part(root, 0, rootNode.contentSize()));
        boolean first = true;
        while (!todo.isEmpty()) {
            Part part = todo.pop();
            boolean whole = span == null || span.contains(part.start(), part.size());
            if (whole && !firstComplete(part.cid())) continue;
            UnixFsNode node;
            byte[] block;
            if (first) {
                block = rootBlock;
                node = rootNode;
                first = false;
            } else {
                block = load(part.cid());
                node = decodeFileNode(part.cid(), block, part.size());
            }
            emit(part.cid(), block);
            long offset = part.start() + node.data().length;
            List<Part> children = new ArrayList<>();
            for (int i = 0; i < node.links().size(); i++) {
                long size = node.blockSizes().get(i);
                if (size > 0 && (span == null || span.intersects(offset, size))) {
                    children.add(new Part(node.links().get(i).cid(), offset, size));
                }
                offset += size;
            }
            for (int i = children.size() - 1; i >= 0; i--) todo.push(children.get(i));
        }
    }

    private static UnixFsNode decodeFileNode(Cid cid, byte[] block, long expectedSize) throws GatewayStreamException {
        try {
            UnixFsNode node = UnixFsNode.decode(cid, block);
            if (!node.isFile()) throw new IllegalArgumentException("a " + node.type() + " node inside a file");
            if (node.contentSize() != expectedSize) {
                throw new IllegalArgumentException("it holds " + node.contentSize() + " bytes but its parent says " + expectedSize);
            }
            return node;
        } catch (IllegalArgumentException e) {
            throw new GatewayStreamException("CAR stream aborted: block " + cid + " is not a valid file node: " + e.getMessage(), e);
        }
    }

    private void hamt(Cid root, byte[] rootBlock) throws IOException {
        Deque<Cid> todo = new ArrayDeque<>();
        todo.push(root);
        boolean first = true;
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            byte[] block = first ? rootBlock : null;
            first = false;
            if (!firstComplete(cid)) continue;
            if (block == null) block = load(cid);
            emit(cid, block);
            List<Cid> shards;
            try {
                shards = subShards(cid, block);
            } catch (IllegalArgumentException e) {
                throw new GatewayStreamException("CAR stream aborted: block " + cid + " is not a valid HAMT shard: " + e.getMessage(), e);
            }
            for (int i = shards.size() - 1; i >= 0; i--) todo.push(shards.get(i));
        }
    }

    /**
     * The links of a HAMT shard that lead to further shards: their names are only the bucket
     * prefix (as many hex digits as {@code fanout - 1} has), while entries carry the prefix and
     * the entry name.
     */
    static List<Cid> subShards(Cid cid, byte[] block) {
        DagPb.Node node = DagPb.decode(block);
        UnixFs fs = UnixFs.decode(node.data());
        if (fs.type() != UnixFs.Type.HAMT_SHARD) throw new IllegalArgumentException("not a HAMT shard but " + fs.type());
        if (fs.fanout() == null || fs.fanout() < 2 || fs.fanout() > 1 << 16) {
            throw new IllegalArgumentException("HAMT shard " + cid + " has no valid fanout");
        }
        int padLength = Long.toHexString(fs.fanout() - 1).length();
        List<Cid> shards = new ArrayList<>();
        for (PbLink link : node.links()) {
            String name = link.name() == null ? "" : link.name();
            if (name.length() < padLength) throw new IllegalArgumentException("HAMT link name '" + name + "' is too short");
            if (name.length() == padLength) shards.add(link.cid());
        }
        return shards;
    }
}
