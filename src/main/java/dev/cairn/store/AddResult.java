package dev.cairn.store;

import dev.cairn.content.Cid;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of an add: every file and directory imported (children first, as
 * {@code ipfs add} prints them) and the roots the caller named (plus the wrapper, last).
 */
public record AddResult(List<Entry> entries, List<Cid> roots) {
    public AddResult {
        entries = List.copyOf(entries);
        roots = List.copyOf(roots);
    }

    /** One imported item; {@code sha256} is null for directories, {@code path} null for the wrapper. */
    public record Entry(Path path, String name, Cid cid, String sha256, long size, boolean directory) {}
}
