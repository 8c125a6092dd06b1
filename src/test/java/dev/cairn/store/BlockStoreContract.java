package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.content.Block;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every BlockStore must do; run against each implementation. */
abstract class BlockStoreContract {
    BlockStore store;

    abstract BlockStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Block raw(String text) {
        return Block.of(1, Codec.RAW, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void put_then_get_returns_the_same_bytes() throws Exception {
        Block b = raw("hello");
        assertThat(store.has(b.cid())).isFalse();
        assertThat(store.put(b)).isTrue();
        assertThat(store.has(b.cid())).isTrue();
        assertThat(store.get(b.cid())).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(store.sizeOf(b.cid())).isEqualTo(5);
    }

    @Test
    void put_is_idempotent_and_stores_a_block_once() throws Exception {
        Block b = raw("same");
        assertThat(store.put(b)).isTrue();
        assertThat(store.put(b)).isFalse();
        List<Cid> all = new ArrayList<>();
        store.forEach(all::add);
        assertThat(all).containsExactly(b.cid());
        assertThat(store.usedBytes()).isEqualTo(4);
    }

    @Test
    void v0_and_v1_of_the_same_dag_pb_block_are_one_block() throws Exception {
        Block v0 = Block.of(0, Codec.DAG_PB, new byte[] {0x0a, 0x02, 0x08, 0x01});
        store.put(v0);
        Cid v1 = v0.cid().toV1();
        assertThat(store.has(v1)).isTrue();
        assertThat(store.get(v1)).isEqualTo(v0.data());
    }

    @Test
    void get_of_an_absent_block_names_it() throws Exception {
        Cid cid = raw("absent").cid();
        assertThatThrownBy(() -> store.get(cid)).isInstanceOf(BlockNotFoundException.class).hasMessageContaining(cid.toString());
        assertThat(store.sizeOf(cid)).isEqualTo(-1);
    }

    @Test
    void delete_removes_and_reports_absence() throws Exception {
        Block b = raw("bye");
        store.put(b);
        assertThat(store.delete(b.cid())).isTrue();
        assertThat(store.delete(b.cid())).isFalse();
        assertThat(store.has(b.cid())).isFalse();
        assertThat(store.usedBytes()).isZero();
    }

    @Test
    void identity_cids_are_answered_without_storing() throws Exception {
        Cid empty = Cid.parse("bafkqaaa");
        assertThat(store.has(empty)).isTrue();
        assertThat(store.get(empty)).isEmpty();
        List<Cid> all = new ArrayList<>();
        store.forEach(all::add);
        assertThat(all).isEmpty();
    }

    @Test
    void a_batch_closed_without_commit_leaves_nothing() throws Exception {
        Block b = raw("uncommitted");
        try (WriteBatch batch = store.batch()) {
            batch.put(b);
        }
        assertThat(store.has(b.cid())).isFalse();
    }

    @Test
    void a_committed_batch_reports_only_the_blocks_it_created() throws Exception {
        Block old = raw("old");
        Block fresh = raw("fresh");
        store.put(old);
        try (WriteBatch batch = store.batch()) {
            batch.put(old);
            batch.put(fresh);
            batch.commit();
            assertThat(batch.created()).containsExactly(fresh.cid());
        }
        assertThat(store.has(fresh.cid())).isTrue();
    }

    @Test
    void concurrent_writers_of_overlapping_blocks_are_safe() throws Exception {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 200; i++) blocks.add(raw("block-" + i));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                final int offset = w * 13;
                futures.add(pool.submit(() -> {
                    try (WriteBatch batch = store.batch()) {
                        for (int i = 0; i < blocks.size(); i++) batch.put(blocks.get((i + offset) % blocks.size()));
                        batch.commit();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        Set<Cid> stored = new HashSet<>();
        store.forEach(stored::add);
        assertThat(stored).hasSize(200);
        for (Block b : blocks) assertThat(store.get(b.cid())).isEqualTo(b.data());
    }
}
