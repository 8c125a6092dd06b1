package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.content.Block;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.CarWriter;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import dev.cairn.content.DagPb;
import dev.cairn.content.PbLink;
import dev.cairn.content.UnixFs;
import dev.cairn.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoTest {
    @TempDir
    Path dir;

    Repo repo;

    Repo open(Quota quota) throws IOException {
        if (repo != null) repo.close();
        repo = Repo.open(dir.resolve("data"), quota);
        return repo;
    }

    @AfterEach
    void closeRepo() throws IOException {
        if (repo != null) repo.close();
    }

    Path file(String name, long size, long seed) throws IOException {
        return TestData.writeRandomFile(dir.resolve(name), size, seed);
    }

    Set<Cid> stored() throws IOException {
        Set<Cid> all = new HashSet<>();
        repo.blocks().forEach(all::add);
        return all;
    }

    static AddOptions small(boolean pin) {
        return new AddOptions(new dev.cairn.content.ImportProfile("small", 1, true, 1024, 4), false, false, false, pin);
    }

    @Test
    void a_second_open_of_the_same_data_directory_is_refused_with_the_holders_pid() throws Exception {
        open(Quota.UNLIMITED);
        assertThatThrownBy(() -> Repo.open(dir.resolve("data"), Quota.UNLIMITED))
                .isInstanceOf(RepoLock.RepoLockedException.class)
                .hasMessageContaining("PID " + ProcessHandle.current().pid())
                .hasMessageContaining("--data-dir");
    }

    @Test
    void add_pins_the_root_and_reads_back_the_same_bytes() throws Exception {
        open(Quota.UNLIMITED);
        Path f = file("f.bin", 10_000, 1);
        AddResult r = repo.add(List.of(f), small(true), n -> {});
        Cid root = r.roots().getFirst();
        assertThat(r.entries().getFirst().sha256()).isEqualTo(TestData.sha256Hex(f));
        assertThat(repo.pins().get(root)).get().extracting(Pin::mode).isEqualTo(Pin.Mode.RECURSIVE);
        assertThat(repo.read(root, 0, Long.MAX_VALUE).readAllBytes()).isEqualTo(Files.readAllBytes(f));
    }

    @Test
    void gc_removes_unpinned_blocks_and_keeps_every_pinned_one() throws Exception {
        open(Quota.UNLIMITED);
        Cid kept = repo.add(List.of(file("a", 20_000, 1)), small(true), n -> {}).roots().getFirst();
        Set<Cid> keptBlocks = stored();
        Cid dropped = repo.add(List.of(file("b", 20_000, 2)), small(false), n -> {}).roots().getFirst();
        assertThat(stored().size()).isGreaterThan(keptBlocks.size());

        Repo.GcResult r = repo.gc();

        assertThat(stored()).isEqualTo(keptBlocks);
        assertThat(r.removedBlocks()).isPositive();
        assertThat(repo.blocks().has(dropped)).isFalse();
        assertThat(repo.read(kept, 0, Long.MAX_VALUE).readAllBytes()).isEqualTo(Files.readAllBytes(dir.resolve("a")));
    }

    @Test
    void a_direct_pin_keeps_only_its_own_block() throws Exception {
        open(Quota.UNLIMITED);
        Cid root = repo.add(List.of(file("a", 20_000, 1)), small(false), n -> {}).roots().getFirst();
        repo.pin(root, Pin.Mode.DIRECT, "top");
        repo.gc();
        assertThat(stored()).containsExactly(root.toV1());
    }

    @Test
    void unpinned_content_goes_at_the_next_gc() throws Exception {
        open(Quota.UNLIMITED);
        Cid root = repo.add(List.of(file("a", 5_000, 1)), small(true), n -> {}).roots().getFirst();
        assertThat(repo.unpin(root)).isTrue();
        assertThat(repo.unpin(root)).isFalse();
        repo.gc();
        assertThat(stored()).isEmpty();
    }

    @Test
    void gc_running_in_a_loop_during_adds_never_removes_their_blocks() throws Exception {
        open(Quota.UNLIMITED);
        AtomicBoolean adding = new AtomicBoolean(true);
        CompletableFuture<Integer> collector = CompletableFuture.supplyAsync(() -> {
            int runs = 0;
            try {
                while (adding.get()) {
                    repo.gc();
                    runs++;
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            return runs;
        });
        List<Cid> roots = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Path f = file("f" + i, 50_000 + i, i);
                files.add(f);
                roots.add(repo.add(List.of(f), small(true), n -> {}).roots().getFirst());
            }
        } finally {
            adding.set(false);
        }
        assertThat(collector.get()).isPositive();
        assertThat(repo.verify().ok()).isTrue();
        for (int i = 0; i < roots.size(); i++) {
            assertThat(repo.read(roots.get(i), 0, Long.MAX_VALUE).readAllBytes()).isEqualTo(Files.readAllBytes(files.get(i)));
        }
    }

    @Test
    void an_add_over_the_quota_fails_clearly_and_leaves_nothing_behind() throws Exception {
        open(new Quota(100_000));
        Cid first = repo.add(List.of(file("a", 40_000, 1)), small(true), n -> {}).roots().getFirst();
        Set<Cid> before = stored();
        long usedBefore = repo.blocks().usedBytes();

        assertThatThrownBy(() -> repo.add(List.of(file("b", 80_000, 2)), small(true), n -> {}))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("store.max_bytes");

        assertThat(stored()).isEqualTo(before);
        assertThat(repo.blocks().usedBytes()).isEqualTo(usedBefore);
        assertThat(repo.pins().list()).extracting(Pin::cid).containsExactly(first);
    }

    @Test
    void a_tree_that_only_overflows_part_way_is_rolled_back_completely() throws Exception {
        open(new Quota(100_000));
        Path tree = Files.createDirectories(dir.resolve("tree"));
        for (int i = 0; i < 5; i++) TestData.writeRandomFile(tree.resolve("f" + i), 30_000, i);
        // The pre-check sees 150 kB against a 100 kB quota and refuses before writing anything.
        AddOptions recursive = new AddOptions(small(true).profile(), true, false, false, true);
        assertThatThrownBy(() -> repo.add(List.of(tree), recursive, n -> {})).isInstanceOf(QuotaExceededException.class);
        assertThat(stored()).isEmpty();
        assertThat(repo.blocks().usedBytes()).isZero();
    }

    @Test
    void past_ninety_percent_unpinned_blocks_are_collected() throws Exception {
        open(new Quota(100_000));
        Cid loose = repo.add(List.of(file("a", 60_000, 1)), small(false), n -> {}).roots().getFirst();
        assertThat(repo.blocks().has(loose)).isTrue();
        Cid pinned = repo.add(List.of(file("b", 35_000, 2)), small(true), n -> {}).roots().getFirst();
        assertThat(repo.blocks().has(loose)).isFalse();
        assertThat(repo.blocks().has(pinned)).isTrue();
        assertThat(repo.blocks().usedBytes()).isLessThan(90_000);
    }

    @Test
    void verify_reports_a_corrupt_block_and_a_missing_one_by_cid() throws Exception {
        open(Quota.UNLIMITED);
        Cid root = repo.add(List.of(file("a", 10_000, 1)), small(true), n -> {}).roots().getFirst();
        assertThat(repo.verify().ok()).isTrue();
        List<Cid> leaves = DagPb.links(root, repo.blocks().get(root));
        Path corrupt = repo.blocks().pathOf(leaves.get(0));
        byte[] bytes = Files.readAllBytes(corrupt);
        bytes[0] ^= (byte) 0xFF;
        Files.write(corrupt, bytes);
        Files.delete(repo.blocks().pathOf(leaves.get(1)));

        VerifyReport report = repo.verify();

        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).extracting(VerifyReport.Problem::kind, VerifyReport.Problem::cid)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(VerifyReport.Kind.CORRUPT, leaves.get(0)),
                        org.assertj.core.groups.Tuple.tuple(VerifyReport.Kind.MISSING, leaves.get(1)));
    }

    @Test
    void gc_stops_without_deleting_anything_when_a_pinned_inner_node_is_missing() throws Exception {
        open(Quota.UNLIMITED);
        Cid root = repo.add(List.of(file("a", 30_000, 1)), small(true), n -> {}).roots().getFirst();
        repo.add(List.of(file("b", 3_000, 2)), small(false), n -> {});
        Cid inner = DagPb.links(root, repo.blocks().get(root)).getFirst();
        Files.delete(repo.blocks().pathOf(inner));
        Set<Cid> before = stored();

        assertThatThrownBy(repo::gc).isInstanceOf(IOException.class).hasMessageContaining(inner.toString())
                .hasMessageContaining("nothing was removed");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void pinning_content_that_is_not_stored_fails_and_records_nothing() throws Exception {
        open(Quota.UNLIMITED);
        Cid absent = Block.of(1, Codec.RAW, new byte[] {1, 2, 3}).cid();
        assertThatThrownBy(() -> repo.pin(absent, Pin.Mode.RECURSIVE, null))
                .isInstanceOf(BlockNotFoundException.class).hasMessageContaining(absent.toString());
        assertThat(repo.pins().list()).isEmpty();
    }

    @Test
    void car_export_and_import_round_trip_between_repositories() throws Exception {
        open(Quota.UNLIMITED);
        Path f = file("a", 30_000, 3);
        Cid root = repo.add(List.of(f), small(true), n -> {}).roots().getFirst();
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        long blocks = repo.exportCar(root, car);
        assertThat(blocks).isEqualTo(stored().size());

        try (Repo other = Repo.open(dir.resolve("other"), Quota.UNLIMITED)) {
            assertThat(other.importCar(new ByteArrayInputStream(car.toByteArray()), true)).containsExactly(root);
            assertThat(other.read(root, 0, Long.MAX_VALUE).readAllBytes()).isEqualTo(Files.readAllBytes(f));
            assertThat(other.pins().get(root)).isPresent();
        }
    }

    @Test
    void a_car_with_a_block_outside_its_dag_is_refused_and_leaves_nothing() throws Exception {
        open(Quota.UNLIMITED);
        Block leaf = Block.of(1, Codec.RAW, "leaf".getBytes());
        Block stray = Block.of(1, Codec.RAW, "stray".getBytes());
        byte[] data = UnixFs.file(null, 4, List.of(4L)).encode();
        Block root = Block.of(1, Codec.DAG_PB, DagPb.encode(List.of(new PbLink(leaf.cid(), "", 4L)), data));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter w = new CarWriter(out, List.of(root.cid()));
        w.write(root.cid(), root.data());
        w.write(leaf.cid(), leaf.data());
        w.write(stray.cid(), stray.data());

        assertThatThrownBy(() -> repo.importCar(new ByteArrayInputStream(out.toByteArray()), true))
                .isInstanceOf(IOException.class).hasMessageContaining("outside the DAG");
        assertThat(stored()).isEmpty();
        assertThat(repo.pins().list()).isEmpty();
    }

    @Test
    void an_incomplete_car_is_refused_and_leaves_nothing() throws Exception {
        open(Quota.UNLIMITED);
        Block leaf = Block.of(1, Codec.RAW, "leaf".getBytes());
        byte[] data = UnixFs.file(null, 4, List.of(4L)).encode();
        Block root = Block.of(1, Codec.DAG_PB, DagPb.encode(List.of(new PbLink(leaf.cid(), "", 4L)), data));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CarWriter(out, List.of(root.cid())).write(root.cid(), root.data());

        assertThatThrownBy(() -> repo.importCar(new ByteArrayInputStream(out.toByteArray()), true))
                .isInstanceOf(IOException.class).hasMessageContaining(leaf.cid().toString());
        assertThat(stored()).isEmpty();
    }

    @Test
    void a_car_with_a_tampered_block_is_refused_and_leaves_nothing() throws Exception {
        open(Quota.UNLIMITED);
        Block good = Block.of(1, Codec.RAW, "good".getBytes());
        Block evil = Block.of(1, Codec.RAW, "evil".getBytes());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter w = new CarWriter(out, List.of(good.cid(), evil.cid()));
        w.write(good.cid(), good.data());
        w.write(evil.cid(), "EVIL".getBytes());

        assertThatThrownBy(() -> repo.importCar(new ByteArrayInputStream(out.toByteArray()), true))
                .hasMessageContaining(evil.cid().toString());
        assertThat(stored()).isEmpty();
    }
}
