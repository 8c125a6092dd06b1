package dev.cairn.content;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Whole-file SHA-256 computed on its own thread while the caller hashes and writes blocks,
 * so an add costs about one hash pass of wall time on two cores instead of two.
 * At most {@code maxPending} chunks wait in the queue, which bounds memory.
 */
final class ParallelDigest implements AutoCloseable {
    private final MessageDigest digest = Multihash.newSha256();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cairn-file-sha256");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore pending;
    private Future<?> last;

    ParallelDigest(int maxPending) {
        pending = new Semaphore(maxPending);
    }

    /** Queues {@code chunk} for hashing; the array must not change afterwards. */
    void update(byte[] chunk, int length) throws InterruptedException {
        pending.acquire();
        last = worker.submit(() -> {
            try {
                digest.update(chunk, 0, length);
            } finally {
                pending.release();
            }
        });
    }

    String hex() throws InterruptedException {
        if (last != null) {
            try {
                last.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("whole-file hash failed", e.getCause());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
