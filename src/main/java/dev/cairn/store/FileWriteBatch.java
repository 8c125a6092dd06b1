package dev.cairn.store;

import dev.cairn.content.Block;
import dev.cairn.content.Cid;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes each block to a temporary file and fsyncs it on a background pool while the caller
 * goes on (a write error surfaces at the next put or commit); at commit it waits for the syncs, links the files into their shards and fsyncs
 * the shard directories. Commits happen by themselves every {@link #AUTO_COMMIT_BYTES} so
 * temporary space and open files stay bounded for huge imports.
 */
final class FileWriteBatch implements WriteBatch {
    static final long AUTO_COMMIT_BYTES = 256L << 20;

    private record Pending(Cid cid, Path temp, Path target, long size, Future<?> sync) {}

    /** Blocks handed to the pool but not yet written: bounds the memory an import holds. */
    private static final int MAX_IN_FLIGHT = 32;

    private final FileBlockStore store;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    /** The first background write failure (a full disk, say), so the caller stops at its next put. */
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final List<Pending> pending = new ArrayList<>();
    private final Set<Cid> inBatch = new HashSet<>();
    private final List<Cid> created = new ArrayList<>();
    private long pendingBytes;
    /** Bytes this batch has reserved against the store's quota and not yet given back. */
    private long reservedBytes;
    private long newBytes;

    FileWriteBatch(FileBlockStore store) {
        this.store = store;
    }

    @Override
    public void put(Block block) throws IOException {
        Cid cid = block.cid().toV1();
        if (cid.isIdentity() || inBatch.contains(cid)) return;
        IOException failed = failure.get();
        if (failed != null) throw new IOException(failed.getMessage(), failed.getCause());
        Path target = store.pathOf(cid);
        if (Files.exists(target)) return;
        store.reserve(block.size(), "this write");
        reservedBytes += block.size();
        Path temp = store.tmpDir().resolve(UUID.randomUUID() + ".tmp");
        // Write and fsync off the caller's thread, so hashing the next chunk overlaps this
        // block's copy into the kernel; at most MAX_IN_FLIGHT blocks wait, bounding memory.
        inFlight.acquireUninterruptibly();
        Future<?> sync = store.ioPool().submit(() -> {
            try (FileChannel ch = store.writeTemp(temp, block.data())) {
                ch.force(true);
            } catch (IOException e) {
                IOException named = new IOException("cannot write block " + cid + " in " + target.getParent().getParent()
                        + ": " + e.getMessage(), e);
                failure.compareAndSet(null, named);
                throw named;
            } finally {
                inFlight.release();
            }
            return null;
        });
        pending.add(new Pending(cid, temp, target, block.size(), sync));
        inBatch.add(cid);
        pendingBytes += block.size();
        newBytes += block.size();
        if (pendingBytes >= AUTO_COMMIT_BYTES) commit();
    }

    @Override
    public void commit() throws IOException {
        if (pending.isEmpty()) return;
        awaitSyncs();
        Set<Path> dirs = new LinkedHashSet<>();
        for (Pending p : pending) {
            // link(2) creates the name only if it is absent, atomically: of two writers racing on
            // one block exactly one counts it as new, so used bytes stay exact.
            boolean linked = false;
            try {
                Files.createLink(p.target(), p.temp());
                linked = true;
                created.add(p.cid());
                store.addUsed(p.size());
            } catch (FileAlreadyExistsException e) {
                // written meanwhile by another batch: same bytes, nothing to do
            }
            Files.delete(p.temp());
            store.unreserve(p.size());
            reservedBytes -= p.size();
            if (linked) store.written(p.cid(), p.target()); // stamped after the unlink, which changes its ctime
            dirs.add(p.target().getParent());
        }
        List<Future<?>> dirSyncs = new ArrayList<>();
        for (Path dir : dirs) {
            dirSyncs.add(store.ioPool().submit(() -> {
                FileBlockStore.fsyncDirectory(dir);
                return null;
            }));
        }
        await(dirSyncs);
        pending.clear();
        pendingBytes = 0;
    }

    private void awaitSyncs() throws IOException {
        List<Future<?>> syncs = new ArrayList<>(pending.size());
        for (Pending p : pending) syncs.add(p.sync());
        await(syncs);
    }

    private static void await(List<Future<?>> futures) throws IOException {
        IOException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while syncing blocks");
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        }
        if (failure != null) throw failure;
    }

    @Override
    public List<Cid> created() {
        return List.copyOf(created);
    }

    @Override
    public long newBytes() {
        return newBytes;
    }

    @Override
    public void close() throws IOException {
        store.unreserve(reservedBytes);
        reservedBytes = 0;
        if (pending.isEmpty()) return;
        for (Pending p : pending) {
            try {
                p.sync().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // the file is deleted below either way
            }
            Files.deleteIfExists(p.temp());
        }
        pending.clear();
        pendingBytes = 0;
    }
}
