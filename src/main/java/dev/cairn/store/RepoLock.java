package dev.cairn.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One process owns a data directory at a time: an OS file lock on {@code repo.lock}, which
 * the kernel releases when the process dies (even by SIGKILL), holding the owner's PID so
 * that a refused process can say who holds it.
 */
public final class RepoLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RepoLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static RepoLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve("repo.lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = readHolder(ch);
            ch.close();
            throw new RepoLockedException("data directory " + dataDir + " is in use by " + holder
                    + " (lock " + file + "); stop it or use another --data-dir");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        ch.force(false);
        return new RepoLock(ch, lock);
    }

    private static String readHolder(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            ch.read(buf, 0);
            String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
            if (pid.isEmpty()) return "another process";
            return Long.parseLong(pid) == ProcessHandle.current().pid() ? "this process (PID " + pid + ")" : "process " + pid;
        } catch (IOException | NumberFormatException e) {
            return "another process";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** The data directory is owned by another process (or another open repo in this one). */
    public static final class RepoLockedException extends IOException {
        RepoLockedException(String message) {
            super(message);
        }
    }
}
