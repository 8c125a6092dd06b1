package dev.cairn.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Turns a byte stream into a UnixFS file DAG with fixed-size chunks and the balanced layout,
 * exactly as ipfs-unixfs-importer and Kubo do, streaming: memory holds at most one pending
 * row of links per tree level, whatever the file size.
 *
 * <p>Balanced layout: leaves are grouped in order into parents of {@code maxLinks}; the
 * parents are grouped again, until one node remains. A file of one chunk is that chunk.
 * A final short group, even of one node, still gets its own parent.
 */
public final class FileImporter {
    private final ImportProfile profile;
    private final BlockSink sink;
    private final List<List<DagNode>> pending = new ArrayList<>();
    private final List<Long> placed = new ArrayList<>();

    private FileImporter(ImportProfile profile, BlockSink sink) {
        this.profile = profile;
        this.sink = sink;
    }

    /** What an import produced. */
    public record Result(DagNode root, String sha256, long size) {
        public Cid cid() {
            return root.cid();
        }
    }

    public static Result importFile(InputStream in, ImportProfile profile, BlockSink sink) throws IOException {
        return importFile(in, profile, sink, bytes -> {});
    }

    /** Imports {@code in}; {@code progress} receives the running byte count after each chunk. */
    public static Result importFile(InputStream in, ImportProfile profile, BlockSink sink, LongConsumer progress)
            throws IOException {
        return new FileImporter(profile, sink).run(in, progress);
    }

    private Result run(InputStream in, LongConsumer progress) throws IOException {
        long total = 0;
        try (ParallelDigest fileHash = new ParallelDigest(8)) {
            boolean first = true;
            while (true) {
                // A fresh array per chunk: blocks keep their bytes until the store has written them.
                byte[] chunk = new byte[profile.chunkSize()];
                int n = in.readNBytes(chunk, 0, chunk.length);
                if (n < chunk.length) chunk = java.util.Arrays.copyOf(chunk, n);
                if (chunk.length == 0 && !first) break;
                first = false;
                fileHash.update(chunk, chunk.length);
                add(0, leaf(chunk));
                total += chunk.length;
                progress.accept(total);
                if (chunk.length < profile.chunkSize()) break;
            }
            return new Result(finish(), fileHash.hex(), total);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("import interrupted");
        }
    }

    private DagNode leaf(byte[] chunk) throws IOException {
        if (profile.rawLeaves()) {
            Block block = Block.of(profile.cidVersion(), Codec.RAW, chunk);
            sink.put(block);
            return new DagNode(block.cid(), chunk.length, chunk.length);
        }
        byte[] data = UnixFs.file(chunk, chunk.length, List.of()).encode();
        Block block = Block.of(profile.cidVersion(), Codec.DAG_PB, DagPb.encode(List.of(), data));
        sink.put(block);
        return new DagNode(block.cid(), block.size(), chunk.length);
    }

    private void add(int level, DagNode node) throws IOException {
        while (pending.size() <= level) {
            pending.add(new ArrayList<>());
            placed.add(0L);
        }
        List<DagNode> row = pending.get(level);
        row.add(node);
        placed.set(level, placed.get(level) + 1);
        if (row.size() == profile.maxLinks()) {
            DagNode parent = parent(row);
            row.clear();
            add(level + 1, parent);
        }
    }

    private DagNode finish() throws IOException {
        for (int level = 0; ; level++) {
            List<DagNode> row = pending.get(level);
            if (placed.get(level) == 1) return row.getFirst();
            if (!row.isEmpty()) {
                DagNode parent = parent(row);
                row.clear();
                add(level + 1, parent);
            }
        }
    }

    private DagNode parent(List<DagNode> children) throws IOException {
        List<PbLink> links = new ArrayList<>(children.size());
        List<Long> blockSizes = new ArrayList<>(children.size());
        long fileSize = 0;
        long linkedTsize = 0;
        for (DagNode child : children) {
            if (child.contentSize() == 0) continue; // empty chunks carry nothing; js and go drop them
            links.add(new PbLink(child.cid(), "", child.tsize()));
            blockSizes.add(child.contentSize());
            fileSize += child.contentSize();
            linkedTsize += child.tsize();
        }
        byte[] data = UnixFs.file(null, fileSize, blockSizes).encode();
        Block block = Block.of(profile.cidVersion(), Codec.DAG_PB, DagPb.encode(links, data));
        sink.put(block);
        return new DagNode(block.cid(), block.size() + linkedTsize, fileSize);
    }
}
