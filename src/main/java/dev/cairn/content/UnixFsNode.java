package dev.cairn.content;

import java.util.List;

/**
 * A block read as UnixFS: either a raw leaf (file bytes) or a dag-pb node with its decoded
 * UnixFS data. Checks the invariants readers rely on, so a well-hashed but malformed DAG
 * fails with a clear error instead of yielding wrong bytes.
 */
public record UnixFsNode(Cid cid, UnixFs.Type type, byte[] data, List<PbLink> links, List<Long> blockSizes) {

    public static UnixFsNode decode(Cid cid, byte[] block) {
        if (cid.codec() == Codec.RAW) return new UnixFsNode(cid, UnixFs.Type.RAW, block, List.of(), List.of());
        if (cid.codec() != Codec.DAG_PB) {
            throw new IllegalArgumentException(cid + " is " + Codec.name(cid.codec()) + ", not a UnixFS node");
        }
        try {
            DagPb.Node node = DagPb.decode(block);
            UnixFs fs = UnixFs.decode(node.data());
            byte[] data = fs.data() == null ? new byte[0] : fs.data();
            if (fs.type() == UnixFs.Type.FILE || fs.type() == UnixFs.Type.RAW) {
                if (fs.blockSizes().size() != node.links().size()) {
                    throw new IllegalArgumentException(node.links().size() + " links but " + fs.blockSizes().size() + " blocksizes");
                }
                if (fs.fileSize() != null && fs.fileSize() != fs.contentSize()) {
                    throw new IllegalArgumentException("filesize " + fs.fileSize() + " but content adds up to " + fs.contentSize());
                }
            }
            return new UnixFsNode(cid, fs.type(), data, node.links(), fs.blockSizes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("block " + cid + " is not a valid UnixFS node: " + e.getMessage(), e);
        }
    }

    public boolean isFile() {
        return type == UnixFs.Type.FILE || type == UnixFs.Type.RAW;
    }

    public boolean isDirectory() {
        return type == UnixFs.Type.DIRECTORY || type == UnixFs.Type.HAMT_SHARD;
    }

    /** File bytes under this node (0 for directories). */
    public long contentSize() {
        if (!isFile()) return type == UnixFs.Type.SYMLINK ? data.length : 0;
        long sum = data.length;
        for (long s : blockSizes) sum += s;
        return sum;
    }
}
