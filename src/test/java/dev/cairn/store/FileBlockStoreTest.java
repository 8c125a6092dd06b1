package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.content.Block;
import dev.cairn.content.BlockMismatchException;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockStoreTest extends BlockStoreContract {
    @TempDir
    Path dir;

    @Override
    BlockStore newStore() throws Exception {
        return new FileBlockStore(dir.resolve("blocks"), Quota.UNLIMITED);
    }

    @Test
    void blocks_live_in_two_hex_digit_shards_named_by_cid_v1() throws Exception {
        Block b = raw("sharded");
        store.put(b);
        String shard = String.format("%02x", b.cid().multihash().digest()[0] & 0xFF);
        assertThat(dir.resolve("blocks").resolve(shard).resolve(b.cid().toString())).isRegularFile();
    }

    @Test
    void a_block_corrupted_on_disk_is_never_returned() throws Exception {
        Block b = raw("precious bytes");
        store.put(b);
        Path file = ((FileBlockStore) store).pathOf(b.cid());
        byte[] bytes = Files.readAllBytes(file);
        bytes[3] ^= 0x01;
        Files.write(file, bytes);
        assertThatThrownBy(() -> store.get(b.cid()))
                .isInstanceOf(BlockMismatchException.class)
                .hasMessageContaining(b.cid().toString())
                .hasMessageContaining("corrupt");
    }

    @Test
    void leftover_temporary_files_from_a_crash_are_removed_on_open() throws Exception {
        Path tmp = dir.resolve("blocks/.tmp/abc.tmp");
        Files.writeString(tmp, "half a block");
        store.close();
        store = newStore();
        assertThat(tmp).doesNotExist();
    }

    @Test
    void a_batch_over_the_quota_fails_and_its_uncommitted_blocks_vanish() throws Exception {
        store.close();
        store = new FileBlockStore(dir.resolve("blocks"), new Quota(10));
        Block small = raw("12345");
        Block big = raw("1234567890");
        try (WriteBatch batch = store.batch()) {
            batch.put(small);
            assertThatThrownBy(() -> batch.put(big))
                    .isInstanceOf(QuotaExceededException.class)
                    .hasMessageContaining("store.max_bytes");
        }
        assertThat(store.has(small.cid())).isFalse();
        try (Stream<Path> tmp = Files.list(dir.resolve("blocks/.tmp"))) {
            assertThat(tmp).isEmpty();
        }
    }

    /** As a download's parallel requests do: each writer alone would fit, together they must not overrun. */
    @Test
    void writers_at_once_cannot_together_overrun_the_quota_and_an_abandoned_batch_gives_its_room_back() throws Exception {
        store.close();
        int block = 64 << 10;
        store = new FileBlockStore(dir.resolve("blocks"), new Quota(3L * block));
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(8);
        java.util.concurrent.atomic.AtomicInteger stored = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        try (var writers = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int w = 0; w < 8; w++) {
                byte[] data = new byte[block];
                data[0] = (byte) w;
                writers.submit(() -> {
                    start.await();
                    try {
                        store.put(Block.of(1, Codec.RAW, data));
                        stored.incrementAndGet();
                    } catch (QuotaExceededException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        assertThat(stored.get()).isEqualTo(3);
        assertThat(refused.get()).isEqualTo(5);
        assertThat(store.usedBytes()).isEqualTo(3L * block);

        // room reserved by a batch closed without commit is free again
        store.close();
        store = new FileBlockStore(dir.resolve("blocks"), new Quota(4L * block));
        try (WriteBatch abandoned = store.batch()) {
            abandoned.put(Block.of(1, Codec.RAW, new byte[block]));
        }
        store.put(Block.of(1, Codec.RAW, new byte[] {9}));
        assertThat(store.usedBytes()).isEqualTo(3L * block + 1);
    }

    @Test
    void used_bytes_counts_what_is_on_disk_after_reopening() throws Exception {
        store.put(raw("abc"));
        store.put(Block.of(1, Codec.RAW, new byte[1000]));
        store.close();
        store = newStore();
        assertThat(store.usedBytes()).isEqualTo(1003);
        Cid absent = raw("nope").cid();
        assertThat(store.has(absent)).isFalse();
    }
}
