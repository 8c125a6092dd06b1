package dev.cairn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UnixFsFileAssembler}: a file written from a CAR of its DAG whose blocks come in any
 * parent-first order, each once, is byte for byte the file; a CAR that lacks a block, carries a
 * foreign one or a block of the wrong size is refused.
 */
class UnixFsFileAssemblerTest {
    /** Small chunks and four links per node: a deep DAG from a few KiB. */
    private static final ImportProfile DEEP = new ImportProfile("test-deep", 1, true, 1024, 4);

    @TempDir
    Path dir;

    private record Dag(Cid root, long size, Map<Cid, byte[]> blocks) {}

    private static Dag importBytes(byte[] content, ImportProfile profile) throws IOException {
        Map<Cid, byte[]> blocks = new LinkedHashMap<>();
        var result = FileImporter.importFile(new ByteArrayInputStream(content), profile, b -> blocks.put(b.cid().toV1(), b.data()));
        return new Dag(result.cid(), result.size(), blocks);
    }

    /** The DAG's blocks, each once, in a random order in which every block follows one of its parents. */
    private static List<Cid> parentFirst(Dag dag, long seed) {
        Random random = new Random(seed);
        List<Cid> order = new ArrayList<>();
        Set<Cid> sent = new LinkedHashSet<>();
        List<Cid> ready = new ArrayList<>(List.of(dag.root().toV1()));
        while (!ready.isEmpty()) {
            Cid next = ready.remove(random.nextInt(ready.size()));
            if (!sent.add(next)) continue;
            order.add(next);
            for (Cid link : DagPb.links(next, dag.blocks().get(next))) {
                if (!sent.contains(link.toV1())) ready.add(link.toV1());
            }
        }
        return order;
    }

    private static byte[] car(Dag dag, List<Cid> order, UnaryOperator<byte[]> change) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter w = new CarWriter(out, List.of(dag.root()));
        for (Cid c : order) w.write(c, change.apply(dag.blocks().get(c)));
        return out.toByteArray();
    }

    private long assemble(Dag dag, byte[] car, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            return UnixFsFileAssembler.assemble(new CarReader(new ByteArrayInputStream(car)), dag.root(), dag.size(), ch);
        }
    }

    @Test
    void blocks_in_any_parent_first_order_make_the_file() throws Exception {
        byte[] content = TestData.sha256ctrBytes(200_000);
        Dag dag = importBytes(content, DEEP);
        assertThat(dag.blocks()).hasSizeGreaterThan(250);
        for (long seed = 1; seed <= 5; seed++) {
            Path out = dir.resolve("f" + seed);
            assertThat(assemble(dag, car(dag, parentFirst(dag, seed), b -> b), out)).isEqualTo(content.length);
            assertThat(Files.readAllBytes(out)).as("order %d", seed).isEqualTo(content);
        }
    }

    @Test
    void a_block_linked_from_many_places_and_sent_once_is_written_at_each() throws Exception {
        // zeros, then random bytes, then zeros again: identical leaves and identical subtrees,
        // some linked again only after they came
        byte[] content = new byte[64 * 1024 + 10_000];
        System.arraycopy(TestData.sha256ctrBytes(10_000), 0, content, 32 * 1024, 10_000);
        Dag dag = importBytes(content, DEEP);
        assertThat(dag.blocks().size()).as("repeats collapse").isLessThan(40);
        for (long seed = 1; seed <= 5; seed++) {
            Path out = dir.resolve("z" + seed);
            assemble(dag, car(dag, parentFirst(dag, seed), b -> b), out);
            assertThat(Files.readAllBytes(out)).as("order %d", seed).isEqualTo(content);
        }
    }

    @Test
    void a_car_missing_a_block_or_carrying_a_foreign_or_misshapen_one_is_refused() throws Exception {
        byte[] content = TestData.sha256ctrBytes(20_000);
        Dag dag = importBytes(content, DEEP);
        List<Cid> order = parentFirst(dag, 7);

        List<Cid> lacking = new ArrayList<>(order);
        Cid dropped = lacking.removeLast();
        assertThatThrownBy(() -> assemble(dag, car(dag, lacking, b -> b), dir.resolve("a")))
                .isInstanceOf(IOException.class).hasMessageContaining("missing").hasMessageContaining(dropped.toString());

        Block foreign = Block.of(1, Codec.RAW, "not of this file".getBytes());
        Dag plus = new Dag(dag.root(), dag.size(), new LinkedHashMap<>(dag.blocks()));
        plus.blocks().put(foreign.cid(), foreign.data());
        List<Cid> foreignOrder = new ArrayList<>(order);
        foreignOrder.add(2, foreign.cid());
        assertThatThrownBy(() -> assemble(plus, car(plus, foreignOrder, b -> b), dir.resolve("b")))
                .isInstanceOf(IOException.class).hasMessageContaining("does not link").hasMessageContaining(foreign.cid().toString());

        Cid leaf = order.getLast(); // a raw leaf: its bytes cut short under the same CID (not hashed here)
        Map<Cid, byte[]> cut = new LinkedHashMap<>(dag.blocks());
        cut.put(leaf, java.util.Arrays.copyOf(cut.get(leaf), cut.get(leaf).length - 1));
        Dag shortened = new Dag(dag.root(), dag.size(), cut);
        assertThatThrownBy(() -> assemble(shortened, car(shortened, order, b -> b), dir.resolve("c")))
                .isInstanceOf(IOException.class).hasMessageContaining("where its parent declares");
    }
}
