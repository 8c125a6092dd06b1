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
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Re-hashes every stored block (on all cores) and walks every pinned DAG to find blocks that
 * are referenced but absent.
 */
final class Verifier {
    private Verifier() {}

    /** {@code progress} is told (total, checked) as blocks are checked, from several threads. */
    interface Progress {
        void update(long total, long checked);
    }

    static VerifyReport verify(FileBlockStore store, List<Pin> pins, Progress progress) throws IOException {
        List<Cid> all = new ArrayList<>();
        store.forEach(all::add);
        AtomicLong checked = new AtomicLong();
        progress.update(all.size(), 0);
        List<VerifyReport.Problem> problems = Collections.synchronizedList(new ArrayList<>());
        Set<Cid> bad = Collections.synchronizedSet(new HashSet<>());
        AtomicLong bytes = new AtomicLong();
        all.parallelStream().forEach(cid -> {
            try {
                bytes.addAndGet(store.getRehashed(cid).length);
            } catch (BlockMismatchException e) {
                bad.add(cid);
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.CORRUPT, cid, store.pathOf(cid), "bytes do not match the hash"));
            } catch (BlockNotFoundException e) {
                // deleted while we looked: not a problem of the repository
            } catch (IOException | UncheckedIOException e) {
                bad.add(cid);
                problems.add(new VerifyReport.Problem(VerifyReport.Kind.UNREADABLE, cid, store.pathOf(cid), e.getMessage()));
            }
            progress.update(all.size(), checked.incrementAndGet());
        });
        findMissing(store, pins, bad, problems);
        store.forEachStray(p -> problems.add(new VerifyReport.Problem(VerifyReport.Kind.STRAY, null, p, "not a block file")));
        problems.sort((a, b) -> a.toString().compareTo(b.toString()));
        return new VerifyReport(all.size(), bytes.get(), problems);
    }

    private static void findMissing(BlockStore store, List<Pin> pins, Set<Cid> bad, List<VerifyReport.Problem> problems)
            throws IOException {
        Set<Cid> seen = new HashSet<>();
        for (Pin pin : pins) {
            Deque<Cid> todo = new ArrayDeque<>();
            todo.push(pin.cid());
            while (!todo.isEmpty()) {
                Cid cid = todo.pop();
                if (!seen.add(cid.toV1()) || cid.isIdentity() || bad.contains(cid.toV1())) continue;
                if (!store.has(cid)) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.MISSING, cid, null, "needed by pin " + pin.cid()));
                    continue;
                }
                if (pin.mode() == Pin.Mode.DIRECT || cid.codec() == Codec.RAW) continue;
                try {
                    for (Cid link : DagPb.links(cid, store.get(cid))) todo.push(link);
                } catch (IllegalArgumentException e) {
                    problems.add(new VerifyReport.Problem(VerifyReport.Kind.CORRUPT, cid, null, "not valid dag-pb: " + e.getMessage()));
                }
            }
        }
    }
}
