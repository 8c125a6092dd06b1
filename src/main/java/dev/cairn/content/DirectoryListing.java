package dev.cairn.content;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The entries of a UnixFS directory ({@code cairn ls}), or the file itself when given a file. */
public final class DirectoryListing {
    private DirectoryListing() {}

    public record Entry(String name, Cid cid, UnixFs.Type type, long size) {}

    public static List<Entry> list(BlockSource source, Cid cid) throws IOException {
        UnixFsNode node = UnixFsNode.decode(cid, source.get(cid));
        if (!node.isDirectory()) return List.of(new Entry("", cid, node.type(), node.contentSize()));
        if (node.type() == UnixFs.Type.HAMT_SHARD) throw new IOException(cid + " is a HAMT-sharded directory, not supported yet");
        List<Entry> entries = new ArrayList<>();
        for (PbLink link : node.links()) {
            UnixFsNode child = UnixFsNode.decode(link.cid(), source.get(link.cid()));
            entries.add(new Entry(link.name() == null ? "" : link.name(), link.cid(), child.type(), child.contentSize()));
        }
        return entries;
    }
}
