package dev.cairn.content;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Visits every block of a DAG once, depth-first in link order (the order Kubo and ipfs-car
 * write CARs in), without recursion so deep DAGs cannot overflow the stack.
 */
public final class DagWalker {
    private DagWalker() {}

    @FunctionalInterface
    public interface Visitor {
        void visit(Cid cid, byte[] block) throws IOException;
    }

    public static void walk(Cid root, BlockSource source, Visitor visitor) throws IOException {
        walk(List.of(root), source, new HashSet<>(), visitor);
    }

    /** Walks from each root, skipping blocks whose v1 form is already in {@code seen}. */
    public static void walk(List<Cid> roots, BlockSource source, Set<Cid> seen, Visitor visitor) throws IOException {
        Deque<Cid> todo = new ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) todo.push(roots.get(i));
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (!seen.add(cid.toV1())) continue;
            byte[] block = cid.isIdentity() ? cid.multihash().digest() : source.get(cid);
            visitor.visit(cid, block);
            List<Cid> links = DagPb.links(cid, block);
            for (int i = links.size() - 1; i >= 0; i--) todo.push(links.get(i));
        }
    }
}
