package dev.cairn.store;

import dev.cairn.content.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Blocks this process has hashed, each with the identity of its file at the time: inode, size,
 * modification and change times. A block read again while its file is unchanged and within
 * {@code trustFor} of the hashing is not hashed again, which is what makes serving a popular
 * file cost a copy instead of a SHA-256 per byte.
 *
 * <p>What this gives up, knowingly: a file changed in any way (written, replaced, truncated,
 * even with its modification time put back) gets a new change time or inode and is hashed
 * again; only corruption below the file system (a disk returning wrong bytes for a page
 * evicted and read back) within {@code trustFor} goes unseen until then. {@code cairn verify}
 * always hashes. A {@code trustFor} of zero turns this off: every read is hashed.
 */
final class VerifiedBlocks {
    /** About 200 bytes an entry: 32768 entries cover 32 GiB of 1 MiB blocks in about 6 MiB of heap. */
    static final int CAPACITY = 32_768;

    /**
     * File times come from a clock that moves in ticks of a few milliseconds, so a file changed
     * within a tick of its last stamp can keep its times; a stamp this recent is never trusted
     * (git's "racily clean" rule).
     */
    static final Duration RACY = Duration.ofSeconds(2);

    /** What a block's file looked like; equal stamps mean the file was not touched in between. */
    record Stamp(Object inode, long size, FileTime modified, FileTime changed) {
        static Stamp of(Path file) throws IOException {
            Map<String, Object> a = Files.readAttributes(file, "unix:ino,size,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
            return new Stamp(a.get("ino"), (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"), (FileTime) a.get("ctime"));
        }

        /** Whether the file changed so recently that a change in the same clock tick could go unseen. */
        boolean racy() {
            long now = System.currentTimeMillis();
            return now - changed.toMillis() < RACY.toMillis() || now - modified.toMillis() < RACY.toMillis();
        }

        // equals and hashCode written out: a record's own are bootstrapped at their first call,
        // which spins classes at run time, on a cold node's first block read (ARCHITECTURE.md, "Start-up")
        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp s && size == s.size && java.util.Objects.equals(inode, s.inode)
                    && java.util.Objects.equals(modified, s.modified) && java.util.Objects.equals(changed, s.changed);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(inode, size, modified, changed);
        }
    }

    private record Verified(Stamp stamp, long atNanos) {}

    private final long trustNanos;
    private final Map<Cid, Verified> entries = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, Verified> eldest) {
            return size() > CAPACITY;
        }
    };

    VerifiedBlocks(Duration trustFor) {
        this.trustNanos = trustFor.toNanos();
    }

    boolean enabled() {
        return trustNanos > 0;
    }

    /** Whether {@code cid}'s file, now {@code stamp}, is the one hashed within the trust period. */
    synchronized boolean trusted(Cid cid, Stamp stamp) {
        Verified v = entries.get(cid);
        if (v == null) return false;
        if (!v.stamp.equals(stamp) || System.nanoTime() - v.atNanos >= trustNanos) {
            entries.remove(cid);
            return false;
        }
        return true;
    }

    /** Remembers that {@code cid}'s file, as {@code stamp} describes it, was hashed just now (unless the stamp is racy). */
    synchronized void record(Cid cid, Stamp stamp) {
        if (enabled() && !stamp.racy()) entries.put(cid, new Verified(stamp, System.nanoTime()));
    }

    /**
     * Remembers a block this process has just written: its bytes were hashed in memory (every
     * {@link dev.cairn.content.Block} is), written to a new file and linked into place, and
     * {@code stamp} was taken after that. The racy rule does not apply here: the name has existed
     * only since our link, so an unseen change would take another writer rewriting a fresh block
     * file with as many bytes inside the same clock tick (a few milliseconds), where for any older
     * file the rule guards changes made by anyone since the last hash.
     */
    synchronized void recordWritten(Cid cid, Stamp stamp) {
        if (enabled()) entries.put(cid, new Verified(stamp, System.nanoTime()));
    }

    synchronized void forget(Cid cid) {
        entries.remove(cid);
    }

    synchronized int size() {
        return entries.size();
    }
}
