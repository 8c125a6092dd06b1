package dev.cairn.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A plain (not HAMT-sharded) UnixFS directory: one dag-pb node whose links are the entries,
 * sorted by the bytes of their names as dag-pb requires.
 */
public final class UnixFsDirectory {
    /**
     * Larger directories are HAMT-sharded by Kubo and Helia (IPIP-499's 256 KiB threshold);
     * Cairn does not shard yet, so it refuses them rather than make a CID no one else would.
     */
    public static final int MAX_BLOCK_SIZE = 256 * 1024;

    private UnixFsDirectory() {}

    public record Entry(String name, DagNode node) {}

    public static DagNode write(List<Entry> entries, int cidVersion, BlockSink sink) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(e -> e.name().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
        List<PbLink> links = new ArrayList<>(sorted.size());
        long tsize = 0;
        String previous = null;
        for (Entry e : sorted) {
            checkName(e.name());
            if (e.name().equals(previous)) throw new IllegalArgumentException("duplicate directory entry '" + e.name() + "'");
            previous = e.name();
            links.add(new PbLink(e.node().cid(), e.name(), e.node().tsize()));
            tsize += e.node().tsize();
        }
        byte[] bytes = DagPb.encode(links, UnixFs.directory().encode());
        if (bytes.length > MAX_BLOCK_SIZE) {
            throw new DirectoryTooLargeException(sorted.size(), bytes.length);
        }
        Block block = Block.of(cidVersion, Codec.DAG_PB, bytes);
        sink.put(block);
        return new DagNode(block.cid(), block.size() + tsize, 0);
    }

    public static void checkName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid directory entry name '" + name + "'");
        }
    }

    /** A directory whose node would exceed {@link #MAX_BLOCK_SIZE}. */
    public static final class DirectoryTooLargeException extends IllegalArgumentException {
        DirectoryTooLargeException(int entries, int bytes) {
            super("directory with " + entries + " entries needs a " + bytes + "-byte node, over the "
                    + MAX_BLOCK_SIZE + "-byte limit of a plain UnixFS directory (HAMT sharding is not supported yet)");
        }
    }
}
