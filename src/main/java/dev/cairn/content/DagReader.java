package dev.cairn.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads a UnixFS file, or a byte range of it, by walking its DAG with the blocksizes:
 * children that end before the range are skipped without being read, and reading stops
 * once the range is served. Every block comes from a {@link BlockSource}, which verifies it.
 *
 * <p>The next few children of the node being read are fetched (read and hashed) ahead on a
 * shared pool, so verification runs on all cores; read-ahead never goes past the range.
 */
public final class DagReader extends InputStream {
    /** Blocks fetched ahead per reader: enough to keep two cores busy, bounded for memory. */
    static final int READ_AHEAD = 4;

    private static final ExecutorService FETCHERS = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "cairn-block-fetch");
                t.setDaemon(true);
                return t;
            });

    private final BlockSource source;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private byte[] segment;
    private int segmentPos;
    private int segmentEnd;
    private long remaining;

    /** A node's remaining children, and how much of the next one to skip. */
    private static final class Frame {
        final List<PbLink> links;
        final List<Long> sizes;
        final List<CompletableFuture<byte[]>> ahead = new java.util.ArrayList<>();
        int index;
        int fetched;
        long skip;

        Frame(List<PbLink> links, List<Long> sizes, int index, long skip) {
            this.links = links;
            this.sizes = sizes;
            this.index = index;
            this.fetched = index;
            this.skip = skip;
        }
    }

    private DagReader(BlockSource source, long length) {
        this.source = source;
        this.remaining = length;
    }

    /** The root node of the file at {@code root}, verified; its {@code contentSize()} is the file's size. Fails for a directory. */
    public static UnixFsNode fileRoot(BlockSource source, Cid root) throws IOException {
        UnixFsNode node = UnixFsNode.decode(root, source.get(root));
        requireFile(node);
        return node;
    }

    /**
     * Opens the file at {@code root} from byte {@code offset}, for at most {@code length}
     * bytes (use {@link Long#MAX_VALUE} for "to the end").
     */
    public static DagReader open(BlockSource source, Cid root, long offset, long length) throws IOException {
        return open(source, UnixFsNode.decode(root, source.get(root)), offset, length);
    }

    /** Opens a file whose root node the caller has already read (to learn its size, say). */
    public static DagReader open(BlockSource source, UnixFsNode node, long offset, long length) {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("offset and length must not be negative");
        DagReader reader = new DagReader(source, length);
        requireFile(node);
        reader.enter(node, offset, node.contentSize());
        return reader;
    }

    private static void requireFile(UnixFsNode node) {
        if (node.isDirectory()) throw new NotAFileException(node.cid() + " is a directory");
        if (!node.isFile()) throw new NotAFileException(node.cid() + " is a " + node.type().name().toLowerCase() + ", not a file");
    }

    private void enter(UnixFsNode node, long skip, long expectedSize) {
        if (!node.isFile()) throw new IllegalArgumentException("block " + node.cid() + " inside a file is a " + node.type());
        if (node.contentSize() != expectedSize) {
            throw new IllegalArgumentException("block " + node.cid() + " holds " + node.contentSize()
                    + " bytes but its parent says " + expectedSize);
        }
        byte[] data = node.data();
        if (skip < data.length) {
            segment = data;
            segmentPos = (int) skip;
            segmentEnd = data.length;
            skip = 0;
        } else {
            skip -= data.length;
        }
        List<Long> sizes = node.blockSizes();
        int i = 0;
        while (i < sizes.size() && skip >= sizes.get(i)) {
            skip -= sizes.get(i);
            i++;
        }
        if (i < sizes.size()) stack.push(new Frame(node.links(), sizes, i, skip));
    }

    /** Makes the next segment current; returns false at the end of the file or range. */
    private boolean advance() throws IOException {
        while (remaining > 0 && (segment == null || segmentPos >= segmentEnd)) {
            segment = null;
            Frame top = stack.peek();
            if (top == null) return false;
            if (top.index >= top.links.size()) {
                stack.pop();
                continue;
            }
            readAhead(top);
            PbLink link = top.links.get(top.index);
            long expected = top.sizes.get(top.index);
            long skip = top.skip;
            byte[] block = await(top.ahead.removeFirst());
            top.index++;
            top.skip = 0;
            enter(UnixFsNode.decode(link.cid(), block), skip, expected);
        }
        return remaining > 0 && segment != null;
    }

    /** Starts fetches for the frame's next children until READ_AHEAD are pending or the range is covered. */
    private void readAhead(Frame f) {
        long covered = -f.skip;
        for (int i = f.index; i < f.fetched; i++) covered += f.sizes.get(i);
        while (f.fetched < f.links.size() && f.ahead.size() < READ_AHEAD && (f.ahead.isEmpty() || covered < remaining)) {
            Cid cid = f.links.get(f.fetched).cid();
            covered += f.sizes.get(f.fetched);
            f.fetched++;
            f.ahead.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return source.get(cid);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, FETCHERS));
        }
    }

    private static byte[] await(CompletableFuture<byte[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a block");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof UncheckedIOException u) throw u.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException r) throw r;
            throw new IOException(cause);
        }
    }

    /** Cancels read-ahead that will not be used. */
    @Override
    public void close() {
        for (Frame f : stack) for (CompletableFuture<byte[]> a : f.ahead) a.cancel(false);
        stack.clear();
        segment = null;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (!advance()) return -1;
        int n = (int) Math.min(Math.min(len, segmentEnd - segmentPos), remaining);
        System.arraycopy(segment, segmentPos, b, off, n);
        segmentPos += n;
        remaining -= n;
        return n;
    }

    /**
     * Hands the rest of the range to {@code out} segment by segment, without the copy
     * through a caller's buffer that {@link #transferTo} would make.
     */
    public long writeTo(java.io.OutputStream out) throws IOException {
        long total = 0;
        while (advance()) {
            int n = (int) Math.min(segmentEnd - segmentPos, remaining);
            out.write(segment, segmentPos, n);
            segmentPos += n;
            remaining -= n;
            total += n;
        }
        return total;
    }

    @Override
    public long transferTo(java.io.OutputStream out) throws IOException {
        return writeTo(out);
    }

    /** Thrown when a file operation is given a directory or another non-file node. */
    public static final class NotAFileException extends IllegalArgumentException {
        public NotAFileException(String message) {
            super(message);
        }
    }
}
