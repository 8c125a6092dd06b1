package dev.cairn.store;

import dev.cairn.content.Block;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.CarReader;
import dev.cairn.content.CarWriter;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import dev.cairn.content.DagPb;
import dev.cairn.content.DagReader;
import dev.cairn.content.DagWalker;
import dev.cairn.content.FileImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;

/**
 * A data directory: its lock, its blocks, its pins, and the operations that must keep them
 * consistent. Adds, imports and pins hold the GC lock shared; collection holds it exclusively,
 * so a block written by an add in progress is never collected before its pin is recorded.
 */
public final class Repo implements AutoCloseable {
    private final Path dataDir;
    private final RepoLock lock;
    private final FileBlockStore blocks;
    private final Quota quota;
    private final ReadWriteLock gcLock = new ReentrantReadWriteLock();
    private final List<Retention> retained = new java.util.concurrent.CopyOnWriteArrayList<>();
    private CompletableFuture<Database> database;
    private PinStore pins;

    private Repo(Path dataDir, RepoLock lock, FileBlockStore blocks, Quota quota) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.blocks = blocks;
        this.quota = quota;
    }

    /** Opens (creating if needed) the repository in {@code dataDir}, taking its lock. */
    public static Repo open(Path dataDir, Quota quota) throws IOException {
        Files.createDirectories(dataDir);
        RepoLock lock = RepoLock.acquire(dataDir);
        try {
            return new Repo(dataDir, lock, new FileBlockStore(dataDir.resolve("blocks"), quota), quota);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public FileBlockStore blocks() {
        return blocks;
    }

    /**
     * The SQLite database (pins, catalog), opened on first use so that reads (cat, get) never
     * load the driver. Writers call {@link #openDatabaseInBackground()} first, so the driver
     * loads while they import.
     */
    public Database database() throws IOException {
        try {
            return openDatabaseInBackground().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) throw new IOException(io.getMessage(), io);
            throw e;
        }
    }

    public synchronized PinStore pins() throws IOException {
        if (pins == null) pins = new PinStore(database());
        return pins;
    }

    /** Starts opening the database on another thread, if nobody has yet. */
    public synchronized CompletableFuture<Database> openDatabaseInBackground() {
        if (database == null) {
            CompletableFuture<Database> opening = new CompletableFuture<>();
            database = opening;
            Thread.ofPlatform().daemon(true).name("cairn-db-open").start(() -> {
                try {
                    opening.complete(Database.open(dataDir.resolve("cairn.db")));
                } catch (Throwable e) {
                    opening.completeExceptionally(e);
                }
            });
        }
        return database;
    }

    /**
     * Imports {@code paths} as {@link #add} would, storing nothing: every CID is computed, and
     * the blocks that are not file data (directories, symlinks) go to {@code keep}. What a CLI
     * uses to send a tree to a running node: the files one by one, then these blocks as a CAR.
     */
    public static AddResult importWithoutStoring(List<Path> paths, AddOptions options, java.util.function.Consumer<Block> keep,
            LongConsumer progress) throws IOException {
        Adder.checkPaths(paths, options.recursive());
        WriteBatch sink = new WriteBatch() {
            @Override
            public void put(Block block) {
                if (block.cid().codec() == Codec.DAG_PB && !dev.cairn.content.UnixFsNode.decode(block.cid(), block.data()).isFile()) {
                    keep.accept(block);
                }
            }

            @Override
            public void commit() {}

            @Override
            public List<Cid> created() {
                return List.of();
            }

            @Override
            public long newBytes() {
                return 0;
            }

            @Override
            public void close() {}
        };
        return Adder.run(paths, options, sink, progress);
    }

    /**
     * Adds files or trees and pins the roots (the wrapper alone when wrapping). On any failure,
     * including a full quota, every block this add created is removed again.
     */
    public AddResult add(List<Path> paths, AddOptions options, LongConsumer progress) throws IOException {
        openDatabaseInBackground();
        long fileBytes = Adder.checkPaths(paths, options.recursive());
        // Links, inner nodes and (for UnixFS leaves) leaf wrapping: well under 64 bytes per chunk.
        long expected = fileBytes + (fileBytes / options.profile().chunkSize() + 1) * 64;
        reserve(expected, "adding " + paths.size() + (paths.size() == 1 ? " path" : " paths"));
        AddResult result = withRollback(batch -> {
            AddResult r = Adder.run(paths, options, batch, progress);
            batch.commit();
            if (options.pin()) {
                PinStore pinStore = pins();
                List<Cid> toPin = options.wrap() ? List.of(r.roots().getLast()) : r.roots();
                for (Cid root : toPin) pinStore.add(root, Pin.Mode.RECURSIVE, null);
            }
            return r;
        });
        collectIfPastThreshold();
        return result;
    }

    /**
     * Adds one file from a stream (an HTTP upload) and pins it. A stream that breaks off
     * (a client gone mid-upload) fails the add and leaves no block behind.
     */
    public FileImporter.Result addStream(InputStream in, AddOptions options) throws IOException {
        openDatabaseInBackground();
        if (quota.pastGcThreshold(blocks.usedBytes())) gc(); // the size is unknown: make room while we can
        FileImporter.Result result = withRollback(batch -> {
            FileImporter.Result r = FileImporter.importFile(in, options.profile(), batch);
            batch.commit();
            if (options.pin()) pins().add(r.cid(), Pin.Mode.RECURSIVE, null);
            return r;
        });
        collectIfPastThreshold();
        return result;
    }

    @FunctionalInterface
    private interface BatchWork<T> {
        T run(WriteBatch batch) throws IOException;
    }

    /**
     * Runs {@code work} on a new batch under the shared GC lock. If it fails, the batch's
     * uncommitted blocks are dropped and its committed new blocks that no pin reaches are
     * removed, so a failed operation leaves the store as it found it.
     */
    private <T> T withRollback(BatchWork<T> work) throws IOException {
        WriteBatch batch = blocks.batch();
        gcLock.readLock().lock();
        T result;
        try {
            result = work.run(batch);
        } catch (Throwable e) {
            release(batch);
            try {
                removeUnpinned(batch.created());
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        release(batch);
        return result;
    }

    private void release(WriteBatch batch) throws IOException {
        try {
            batch.close();
        } finally {
            gcLock.readLock().unlock();
        }
    }

    /**
     * Collects unpinned blocks first when the write would take the store past the GC threshold,
     * then fails early, before any write, if {@code bytes} still cannot fit.
     */
    private void reserve(long bytes, String what) throws IOException {
        if (!quota.limited()) return;
        if (quota.pastGcThreshold(blocks.usedBytes() + bytes)) gc();
        quota.check(blocks.usedBytes(), bytes, what);
    }

    private void collectIfPastThreshold() throws IOException {
        if (quota.pastGcThreshold(blocks.usedBytes())) gc();
    }

    /** Removes, among {@code candidates}, the blocks no pin reaches (the leftovers of a failed write). */
    private void removeUnpinned(List<Cid> candidates) throws IOException {
        if (candidates.isEmpty()) return;
        gcLock.writeLock().lock();
        try {
            Set<Cid> keep = GarbageCollector.reachable(blocks, pins().roots());
            GarbageCollector.sweep(blocks, c -> keep.contains(c) || isRetained(c), candidates);
        } finally {
            gcLock.writeLock().unlock();
        }
    }

    /**
     * Keeps the blocks in {@code cids} (CIDv1 forms; the set may grow while held) from garbage
     * collection until the returned handle is closed: a download stores its blocks unpinned and
     * pins, if at all, only at the end. Add a CID before storing its block, so a collection
     * running meanwhile cannot see the block without seeing it retained.
     */
    public Retention retain(Set<Cid> cids) {
        Retention r = new Retention(cids);
        retained.add(r);
        return r;
    }

    private boolean isRetained(Cid v1) {
        for (Retention r : retained) if (r.cids.contains(v1)) return true;
        return false;
    }

    /** A hold on blocks against collection; equal only to itself, so two holds of equal sets stay apart. */
    public final class Retention implements AutoCloseable {
        private final Set<Cid> cids;

        private Retention(Set<Cid> cids) {
            this.cids = cids;
        }

        @Override
        public void close() {
            retained.remove(this);
        }
    }

    /** Removes every block that no pin reaches. */
    public GcResult gc() throws IOException {
        gcLock.writeLock().lock();
        try {
            long before = blocks.usedBytes();
            Set<Cid> keep = GarbageCollector.reachable(blocks, pins().roots());
            GarbageCollector.Result r = GarbageCollector.sweep(blocks, c -> keep.contains(c) || isRetained(c), null);
            return new GcResult(r.removedBlocks(), r.removedBytes(), keep.size(), before - r.removedBytes());
        } finally {
            gcLock.writeLock().unlock();
        }
    }

    /** Receives two longs; here (total, done). */
    @FunctionalInterface
    public interface BiLongConsumer {
        void accept(long a, long b);
    }

    /** What a collection did. */
    public record GcResult(long removedBlocks, long removedBytes, long keptBlocks, long usedBytes) {}

    public VerifyReport verify() throws IOException {
        return verify((total, checked) -> {});
    }

    /** Verifies every block, telling {@code progress} (total, checked) as it goes. */
    public VerifyReport verify(BiLongConsumer progress) throws IOException {
        gcLock.readLock().lock();
        try {
            return Verifier.verify(blocks, pins().roots(), progress::accept);
        } finally {
            gcLock.readLock().unlock();
        }
    }

    /** Pins {@code cid}; a recursive pin needs every block of the DAG present and intact. */
    public void pin(Cid cid, Pin.Mode mode, String name) throws IOException {
        gcLock.readLock().lock();
        try {
            if (mode == Pin.Mode.RECURSIVE) {
                DagWalker.walk(cid, blocks, (c, b) -> {});
            } else if (!blocks.has(cid)) {
                throw new BlockNotFoundException(cid);
            }
            pins().add(cid, mode, name);
        } finally {
            gcLock.readLock().unlock();
        }
    }

    public boolean unpin(Cid cid) throws IOException {
        return pins().remove(cid);
    }

    /** Keeps {@code cid}'s DAG for the replication cluster; every block must be present and intact. */
    public void hold(Cid cid) throws IOException {
        gcLock.readLock().lock();
        try {
            DagWalker.walk(cid, blocks, (c, b) -> {});
            pins().hold(cid);
        } finally {
            gcLock.readLock().unlock();
        }
    }

    /** Whether every block of {@code cid}'s DAG is stored (read and verified); false at the first one missing. */
    public boolean isComplete(Cid cid) throws IOException {
        gcLock.readLock().lock();
        try {
            DagWalker.walk(cid, blocks, (c, b) -> {});
            return true;
        } catch (dev.cairn.content.BlockNotFoundException missing) {
            return false;
        } finally {
            gcLock.readLock().unlock();
        }
    }

    public RepoStat stat() throws IOException {
        long[] count = {0};
        blocks.forEach(c -> count[0]++);
        return new RepoStat(dataDir, count[0], blocks.usedBytes(), pins().list().size(), quota.maxBytes());
    }

    /** Repository numbers for {@code cairn repo stat}. */
    public record RepoStat(Path dataDir, long blocks, long bytes, long pins, long maxBytes) {}

    public DagReader read(Cid cid, long offset, long length) throws IOException {
        return DagReader.open(blocks, cid, offset, length);
    }

    /** Writes the DAG under {@code root} as a CAR v1, depth-first, each block once. */
    public long exportCar(Cid root, OutputStream out) throws IOException {
        return exportCar(blocks, root, out);
    }

    /** Writes the DAG under {@code root}, read from {@code source}, as a CAR v1. */
    public static long exportCar(dev.cairn.content.BlockSource source, Cid root, OutputStream out) throws IOException {
        CarWriter car = new CarWriter(out, List.of(root));
        long[] n = {0};
        DagWalker.walk(root, source, (cid, data) -> {
            if (cid.isIdentity()) return;
            car.write(cid, data);
            n[0]++;
        });
        return n[0];
    }

    /**
     * Imports a CAR v1: every block is verified, every block must belong to the DAG of a root,
     * and each root's DAG must be complete. On any failure nothing new is left in the store.
     */
    public List<Cid> importCar(InputStream in, boolean pin) throws IOException {
        openDatabaseInBackground();
        CarReader car = new CarReader(in);
        if (car.roots().isEmpty()) throw new CarReader.CarFormatException("CAR has no roots");
        withRollback(batch -> {
            Map<Cid, List<Cid>> links = new HashMap<>();
            for (Block b = car.next(); b != null; b = car.next()) {
                batch.put(b);
                links.put(b.cid().toV1(), DagPb.links(b.cid(), b.data()));
            }
            batch.commit();
            checkCarDag(car.roots(), links);
            if (pin) for (Cid root : car.roots()) pins().add(root, Pin.Mode.RECURSIVE, null);
            return null;
        });
        return car.roots();
    }

    private void checkCarDag(List<Cid> roots, Map<Cid, List<Cid>> inCar) throws IOException {
        Set<Cid> reached = new HashSet<>();
        Deque<Cid> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Cid cid = todo.pop();
            if (!reached.add(cid.toV1()) || cid.isIdentity()) continue;
            List<Cid> next = inCar.get(cid.toV1());
            if (next == null) {
                if (!blocks.has(cid)) {
                    throw new CarReader.CarFormatException("CAR is incomplete: block " + cid + " is neither in it nor stored");
                }
                next = cid.codec() == Codec.DAG_PB ? DagPb.links(cid, blocks.get(cid)) : List.of();
            }
            todo.addAll(next);
        }
        List<Cid> unexpected = new ArrayList<>();
        for (Cid cid : inCar.keySet()) if (!reached.contains(cid)) unexpected.add(cid);
        if (!unexpected.isEmpty()) {
            throw new CarReader.CarFormatException("CAR holds " + unexpected.size() + " block(s) outside the DAG of its roots, e.g. "
                    + unexpected.getFirst() + "; refusing it");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            blocks.close();
            if (database != null) {
                try {
                    database.join().close();
                } catch (CompletionException ignored) {
                    // it never opened; the error was reported to whoever needed it
                }
            }
        } finally {
            lock.close();
        }
    }
}
