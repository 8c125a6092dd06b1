package dev.cairn.store;

import dev.cairn.content.BlockMismatchException;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import dev.cairn.content.DagPb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mark and sweep: every block reachable from a pin is kept, every other one removed. The
 * caller holds the repository's GC lock exclusively, so no add is half-way through.
 *
 * <p>If a pinned DAG has a missing or corrupt inner node, the blocks below it cannot be
 * known, so collection stops before deleting anything rather than risk a pinned block.
 */
final class GarbageCollector {
    private GarbageCollector() {}

    /** What a collection removed. */
    record Result(long removedBlocks, long removedBytes) {}

    static Set<Cid> reachable(BlockStore store, List<Pin> pins) throws IOException {
        Set<Cid> marked = new HashSet<>();
        Deque<Cid> todo = new ArrayDeque<>();
        for (Pin pin : pins) {
            if (pin.mode() == Pin.Mode.DIRECT) {
                marked.add(pin.cid().toV1());
                continue;
            }
            todo.push(pin.cid());
            while (!todo.isEmpty()) {
                Cid cid = todo.pop();
                if (!marked.add(cid.toV1()) || cid.codec() == Codec.RAW || cid.isIdentity()) continue;
                byte[] block;
                try {
                    block = store.get(cid);
                } catch (BlockNotFoundException | BlockMismatchException e) {
                    throw new IOException("garbage collection stopped, nothing was removed: block " + cid
                            + " of pin " + pin.cid() + " is " + (e instanceof BlockNotFoundException ? "missing" : "corrupt")
                            + ", so the blocks it links to are unknown; run `cairn verify`", e);
                }
                for (Cid link : DagPb.links(cid, block)) todo.push(link);
            }
        }
        return marked;
    }

    /** Removes every stored block not in {@code keep}, or only those in {@code candidates} when given. */
    static Result sweep(BlockStore store, java.util.function.Predicate<Cid> keep, Collection<Cid> candidates) throws IOException {
        List<Cid> doomed = new ArrayList<>();
        if (candidates == null) {
            store.forEach(cid -> {
                if (!keep.test(cid)) doomed.add(cid);
            });
        } else {
            for (Cid cid : candidates) if (!keep.test(cid.toV1())) doomed.add(cid);
        }
        long blocks = 0;
        long bytes = 0;
        try {
            for (Cid cid : doomed) {
                if (keep.test(cid)) continue; // retained since the scan (a download in progress)
                long size = store.sizeOf(cid);
                if (store.delete(cid)) {
                    blocks++;
                    bytes += Math.max(0, size);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Result(blocks, bytes);
    }
}
