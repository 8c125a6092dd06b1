package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.content.Block;
import dev.cairn.content.BlockMismatchException;
import dev.cairn.content.Codec;
import dev.cairn.content.Cid;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block hashed once is trusted while its file is unchanged, and any change to the file
 * (in place with its modification time put back, or replaced) makes the next read hash again
 * and refuse wrong bytes.
 */
class VerifiedBlocksTest {
    @TempDir
    Path dir;

    private static Block block(int seed) {
        byte[] data = new byte[64 * 1024];
        new Random(seed).nextBytes(data);
        return Block.of(1, Codec.RAW, data);
    }

    /** A store holding {@code blocks}, their files dated back past the racy window, so that a read can trust them. */
    private FileBlockStore storeWith(Duration trust, Block... blocks) throws Exception {
        FileBlockStore store = new FileBlockStore(dir.resolve("blocks"), Quota.UNLIMITED);
        store.trustVerifiedBlocksFor(trust);
        for (Block b : blocks) store.put(b);
        // ctime cannot be set, so wait it out rather than fake it
        Thread.sleep(VerifiedBlocks.RACY.toMillis() + 100);
        return store;
    }

    @Test
    void any_change_in_a_file_s_stamp_means_it_is_hashed_again() {
        Cid cid = block(1).cid();
        VerifiedBlocks v = new VerifiedBlocks(Duration.ofMinutes(1));
        VerifiedBlocks.Stamp seen = new VerifiedBlocks.Stamp(7L, 10, FileTime.fromMillis(1000), FileTime.fromMillis(2000));
        v.record(cid, seen);
        assertThat(v.trusted(cid, new VerifiedBlocks.Stamp(7L, 10, FileTime.fromMillis(1000), FileTime.fromMillis(2000))))
                .as("the same stamp read again").isTrue();
        // each of these differs from the recorded stamp in one field; a mismatch forgets the block, so record it again first
        for (VerifiedBlocks.Stamp other : java.util.List.of(
                new VerifiedBlocks.Stamp(7L, 11, FileTime.fromMillis(1000), FileTime.fromMillis(2000)),
                new VerifiedBlocks.Stamp(7L, 10, FileTime.fromMillis(1001), FileTime.fromMillis(2000)),
                new VerifiedBlocks.Stamp(7L, 10, FileTime.fromMillis(1000), FileTime.fromMillis(2001)),
                new VerifiedBlocks.Stamp(null, 10, FileTime.fromMillis(1000), FileTime.fromMillis(2000)))) {
            v.record(cid, seen);
            assertThat(v.trusted(cid, other)).as("%s against %s", other, seen).isFalse();
        }
        assertThat(seen).isEqualTo(new VerifiedBlocks.Stamp(7L, 10, FileTime.fromMillis(1000), FileTime.fromMillis(2000)))
                .hasSameHashCodeAs(new VerifiedBlocks.Stamp(7L, 10, FileTime.fromMillis(1000), FileTime.fromMillis(2000)));
    }

    @Test
    void a_stamp_is_trusted_only_while_equal_and_within_the_period() throws Exception {
        Cid cid = block(1).cid();
        VerifiedBlocks.Stamp old = new VerifiedBlocks.Stamp(7L, 10, FileTime.fromMillis(1000), FileTime.fromMillis(1000));
        VerifiedBlocks v = new VerifiedBlocks(Duration.ofMinutes(1));
        assertThat(v.trusted(cid, old)).as("never hashed").isFalse();
        v.record(cid, old);
        assertThat(v.trusted(cid, old)).isTrue();
        assertThat(v.trusted(cid, new VerifiedBlocks.Stamp(8L, 10, FileTime.fromMillis(1000), FileTime.fromMillis(1000)))).as("another inode").isFalse();
        assertThat(v.trusted(cid, old)).as("a mismatch forgets the block").isFalse();

        VerifiedBlocks brief = new VerifiedBlocks(Duration.ofMillis(20));
        brief.record(cid, old);
        Thread.sleep(40);
        assertThat(brief.trusted(cid, old)).as("past the period").isFalse();

        VerifiedBlocks off = new VerifiedBlocks(Duration.ZERO);
        off.record(cid, old);
        assertThat(off.trusted(cid, old)).as("0s: every read hashes").isFalse();

        long now = System.currentTimeMillis();
        VerifiedBlocks.Stamp racy = new VerifiedBlocks.Stamp(7L, 10, FileTime.fromMillis(now - 10_000), FileTime.fromMillis(now));
        v.record(cid, racy);
        assertThat(v.trusted(cid, racy)).as("changed within the racy window: not trusted").isFalse();
    }

    @Test
    void a_trusted_block_changed_in_place_with_its_time_put_back_is_hashed_again_and_refused() throws Exception {
        Block b = block(2);
        FileBlockStore store = storeWith(Duration.ofMinutes(10), b);
        assertThat(store.get(b.cid())).isEqualTo(b.data());
        assertThat(store.get(b.cid())).as("now from trust").isEqualTo(b.data());

        Path file = store.pathOf(b.cid());
        FileTime mtime = Files.getLastModifiedTime(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) ~b.data()[100]}), 100);
        }
        Files.setLastModifiedTime(file, mtime);
        assertThatThrownBy(() -> store.get(b.cid())).isInstanceOf(BlockMismatchException.class).hasMessageContaining("corrupt on disk");
        store.close();
    }

    @Test
    void a_trusted_block_whose_file_is_replaced_by_another_with_the_same_times_is_hashed_again() throws Exception {
        Block b = block(3);
        FileBlockStore store = storeWith(Duration.ofMinutes(10), b);
        assertThat(store.get(b.cid())).isEqualTo(b.data());
        Path file = store.pathOf(b.cid());
        Path forged = dir.resolve("forged");
        byte[] wrong = b.data().clone();
        wrong[0] ^= 1;
        Files.write(forged, wrong);
        Files.setLastModifiedTime(forged, Files.getLastModifiedTime(file));
        Files.move(forged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThatThrownBy(() -> store.get(b.cid())).isInstanceOf(BlockMismatchException.class);
        store.close();
    }

    @Test
    void blocks_read_whole_are_remembered_and_a_deleted_one_is_forgotten() throws Exception {
        Block b = block(4);
        FileBlockStore store = new FileBlockStore(dir.resolve("blocks"), Quota.UNLIMITED);
        store.trustVerifiedBlocksFor(Duration.ofMinutes(10));
        Path file = store.pathOf(b.cid());
        Files.createDirectories(file.getParent());
        Files.write(file, b.data()); // put there by something else: known only once hashed
        Thread.sleep(VerifiedBlocks.RACY.toMillis() + 100);
        assertThat(store.verifiedCount()).isZero();
        store.get(b.cid());
        assertThat(store.verifiedCount()).isEqualTo(1);
        assertThat(store.getRehashed(b.cid())).isEqualTo(b.data());
        store.delete(b.cid());
        assertThat(store.verifiedCount()).as("a deleted block is forgotten").isZero();
        store.close();
    }

    @Test
    void a_block_the_store_writes_is_trusted_at_once_and_a_later_change_is_still_caught() throws Exception {
        Block b = block(5);
        FileBlockStore store = new FileBlockStore(dir.resolve("blocks"), Quota.UNLIMITED);
        store.trustVerifiedBlocksFor(Duration.ofMinutes(10));
        store.put(b);
        assertThat(store.verifiedCount()).as("hashed in memory before it was written").isEqualTo(1);
        assertThat(store.get(b.cid())).isEqualTo(b.data());

        Thread.sleep(50); // past the file system's clock tick, so the change moves ctime
        Path file = store.pathOf(b.cid());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) ~b.data()[7]}), 7);
        }
        assertThatThrownBy(() -> store.get(b.cid())).isInstanceOf(BlockMismatchException.class).hasMessageContaining("corrupt on disk");

        FileBlockStore untrusting = new FileBlockStore(dir.resolve("other"), Quota.UNLIMITED);
        untrusting.put(b);
        assertThat(untrusting.verifiedCount()).as("reverify_after 0s remembers nothing").isZero();
        untrusting.close();
        store.close();
    }
}
