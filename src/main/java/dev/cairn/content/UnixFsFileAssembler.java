package dev.cairn.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a UnixFS file from a CAR of its DAG whose blocks come in any order in which a parent
 * comes before its children ({@code order=unk, dups=n}, as a node sends a file it is still
 * fetching): each block's bytes go to their place in the file as soon as the block is in, as
 * a multi-source downloader writes each piece where it belongs. The reader of an in-order
 * stream waits behind the one block that is late; this one never waits for any.
 *
 * <p>Blocks are not hashed here (see {@link CarReader#nextUnverified}): the sender must have
 * verified them. What is checked is the shape: every block is one the file's DAG links to, of
 * the size its parent declares, and at the end every linked block has come and the bytes add
 * up to the root's size. A block linked from several places ({@code dups=n} sends it once) is
 * written at each of them, copied within the file when it was linked again after it came.
 */
public final class UnixFsFileAssembler {
    /** Where the bytes of a block (or of the subtree under it) go. */
    private record Place(long offset, long size) {}

    /** A node to lay out at a place. */
    private record Job(UnixFsNode node, Place place) {}

    private final FileChannel out;
    /** By CIDv1: the places of each linked block still to come. */
    private final Map<Cid, List<Place>> awaited = new HashMap<>();
    /** By CIDv1: where each leaf that came was first written, so a later link to it is a copy. */
    private final Map<Cid, Place> leavesWritten = new HashMap<>();
    /** By CIDv1: each node with links that came, so a later link to it lays out its subtree again. */
    private final Map<Cid, UnixFsNode> nodesSeen = new HashMap<>();
    private long written;

    private UnixFsFileAssembler(FileChannel out) {
        this.out = out;
    }

    /**
     * Reads {@code car} to its end and writes the file whose root is {@code root}, of
     * {@code size} bytes, into {@code out} at offset 0; returns the bytes written (the size).
     */
    public static long assemble(CarReader car, Cid root, long size, FileChannel out) throws IOException {
        UnixFsFileAssembler a = new UnixFsFileAssembler(out);
        a.await(root, new Place(0, size));
        for (CarReader.Section s; (s = car.nextUnverified()) != null; ) a.arrived(s);
        if (!a.awaited.isEmpty()) {
            throw new IOException("the CAR of " + root + " ended with " + a.awaited.size() + " of its blocks missing, such as "
                    + a.awaited.keySet().iterator().next());
        }
        if (a.written != size) throw new IOException("the blocks of " + root + " hold " + a.written + " bytes, not the " + size + " its root declares");
        return a.written;
    }

    private void arrived(CarReader.Section s) throws IOException {
        Cid cid = s.cid();
        Cid key = cid.toV1();
        List<Place> places = awaited.remove(key);
        if (places == null) throw new IOException("the CAR has block " + cid + ", which the file does not link to (or not yet, or not again)");
        if (cid.codec() == Codec.RAW) {
            // a raw leaf is its bytes: written from the reader's array, not copied out and decoded
            for (Place p : places) {
                checkSize(cid, s.length(), p);
                write(ByteBuffer.wrap(s.bytes(), s.offset(), s.length()), p.offset());
                leavesWritten.putIfAbsent(key, new Place(p.offset(), s.length()));
            }
            return;
        }
        UnixFsNode node = node(cid, s.data());
        for (Place p : places) lay(node, p);
    }

    /** Writes {@code node}'s own bytes at {@code place} and places its children after them. */
    private void lay(UnixFsNode node, Place place) throws IOException {
        Deque<Job> todo = new ArrayDeque<>();
        todo.push(new Job(node, place));
        while (!todo.isEmpty()) {
            Job job = todo.pop();
            UnixFsNode n = job.node();
            Place p = job.place();
            checkSize(n.cid(), n.contentSize(), p);
            write(n.data(), p.offset());
            if (n.links().isEmpty()) {
                leavesWritten.putIfAbsent(n.cid().toV1(), new Place(p.offset(), n.data().length));
                continue;
            }
            nodesSeen.putIfAbsent(n.cid().toV1(), n);
            long offset = p.offset() + n.data().length;
            for (int i = 0; i < n.links().size(); i++) {
                Cid child = n.links().get(i).cid();
                long childSize = n.blockSizes().get(i);
                Place at = new Place(offset, childSize);
                offset += childSize;
                Cid key = child.toV1();
                if (child.isIdentity()) {
                    todo.push(new Job(node(child, child.multihash().digest()), at));
                } else if (nodesSeen.containsKey(key)) {
                    todo.push(new Job(nodesSeen.get(key), at));
                } else if (leavesWritten.containsKey(key)) {
                    copy(leavesWritten.get(key), at);
                } else {
                    await(child, at);
                }
            }
        }
    }

    private static void checkSize(Cid cid, long holds, Place p) throws IOException {
        if (holds != p.size()) throw new IOException("block " + cid + " holds " + holds + " bytes of the file where its parent declares " + p.size());
    }

    private void await(Cid cid, Place at) {
        awaited.computeIfAbsent(cid.toV1(), k -> new ArrayList<>()).add(at);
    }

    private static UnixFsNode node(Cid cid, byte[] block) throws IOException {
        UnixFsNode node;
        try {
            node = UnixFsNode.decode(cid, block);
        } catch (IllegalArgumentException e) {
            throw new IOException("block " + cid + " of the file is not UnixFS: " + e.getMessage(), e);
        }
        if (!node.isFile()) throw new IOException("block " + cid + " is a " + node.type() + " inside a file");
        return node;
    }

    private void write(byte[] data, long offset) throws IOException {
        write(ByteBuffer.wrap(data), offset);
    }

    private void write(ByteBuffer b, long offset) throws IOException {
        written += b.remaining();
        long at = offset;
        while (b.hasRemaining()) at += out.write(b, at);
    }

    /** A leaf linked again after it came: its bytes, read back from where they were written. */
    private void copy(Place from, Place to) throws IOException {
        if (from.size() != to.size()) throw new IOException("a block of the file is linked with two sizes, " + from.size() + " and " + to.size());
        ByteBuffer b = ByteBuffer.allocate((int) from.size());
        long at = from.offset();
        while (b.hasRemaining()) {
            int n = out.read(b, at);
            if (n < 0) throw new IOException("the file being written is shorter than what was written to it");
            at += n;
        }
        write(b.array(), to.offset());
    }
}
