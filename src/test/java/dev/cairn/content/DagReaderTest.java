package dev.cairn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.store.FileBlockStore;
import dev.cairn.store.MemoryBlockStore;
import dev.cairn.store.Quota;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DagReaderTest {
    private static final byte[] CONTENT = Sha256CtrStream.bytes(100_000);
    /** Raw leaves of 1 KiB, three links a node: 98 leaves under five levels of parents. */
    private static final ImportProfile V1_SMALL = new ImportProfile("v1-small", 1, true, 1024, 3);
    /** CIDv0 with UnixFS (dag-pb) leaves of 1000 bytes, four links a node. */
    private static final ImportProfile V0_SMALL = new ImportProfile("v0-small", 0, false, 1000, 4);

    private static Cid importInto(MemoryBlockStore store, byte[] content, ImportProfile profile) throws IOException {
        return FileImporter.importFile(new ByteArrayInputStream(content), profile, store::put).cid();
    }

    private static byte[] expected(long offset, long length) {
        int from = (int) Math.min(offset, CONTENT.length);
        int to = (int) Math.min(CONTENT.length, from + Math.min(length, CONTENT.length));
        return Arrays.copyOfRange(CONTENT, from, Math.max(from, to));
    }

    /** Reads the range three ways (bulk, writeTo, small buffers) and checks they agree. */
    private static byte[] readRange(BlockSource source, Cid root, long offset, long length) throws IOException {
        byte[] bulk;
        try (DagReader r = DagReader.open(source, root, offset, length)) {
            bulk = r.readAllBytes();
        }
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        long n = DagReader.open(source, root, offset, length).writeTo(written);
        assertThat(n).isEqualTo(written.size());
        assertThat(written.toByteArray()).isEqualTo(bulk);
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        try (DagReader r = DagReader.open(source, root, offset, length)) {
            byte[] buf = new byte[7];
            int k;
            while ((k = r.read(buf, 0, buf.length)) >= 0) {
                assertThat(k).isPositive();
                small.write(buf, 0, k);
            }
        }
        assertThat(small.toByteArray()).isEqualTo(bulk);
        return bulk;
    }

    static Stream<Arguments> profiles() {
        return Stream.of(Arguments.of(V1_SMALL), Arguments.of(V0_SMALL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void whole_multi_level_file_reads_back_exactly(ImportProfile profile) throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = importInto(store, CONTENT, profile);
        assertThat(DagPb.decode(store.get(root)).links()).as("the root is a parent node").hasSizeGreaterThan(1);
        assertThat(DagReader.fileRoot(store, root).contentSize()).isEqualTo(100_000);
        assertThat(readRange(store, root, 0, Long.MAX_VALUE)).isEqualTo(CONTENT);

        DagReader single = DagReader.open(store, root, 99_990, Long.MAX_VALUE);
        for (int i = 99_990; i < 100_000; i++) assertThat(single.read()).isEqualTo(CONTENT[i] & 0xFF);
        assertThat(single.read()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void edge_ranges_return_exactly_the_expected_bytes(ImportProfile profile) throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = importInto(store, CONTENT, profile);
        int c = profile.chunkSize();
        long[][] ranges = {
            {0, 0}, {0, 1}, {0, 100_000}, {0, 100_001}, {1, Long.MAX_VALUE},
            {100_000, Long.MAX_VALUE}, {100_000, 10}, {100_000, 0}, {99_999, Long.MAX_VALUE}, {99_999, 1},
            {250_000, 10}, {50_000, 0},
            {c - 1, 2}, {c, 1}, {c - 1, 1}, {c, c}, {c - 1, c + 2}, {2L * c - 3, 3L * c + 7},
            {9L * c, 9L * c}, {27L * c - 1, 2}, {64L * c - 5, 10}, {81L * c - 1, 2},
        };
        for (long[] r : ranges) {
            assertThat(readRange(store, root, r[0], r[1])).as("offset %d length %d", r[0], r[1]).isEqualTo(expected(r[0], r[1]));
        }
        assertThat(readRange(store, root, 100_000, Long.MAX_VALUE)).isEmpty();
        assertThat(readRange(store, root, 0, 0)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void random_ranges_return_exactly_the_expected_bytes(ImportProfile profile) throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = importInto(store, CONTENT, profile);
        Random random = new Random(0xCA1A_2025L);
        for (int i = 0; i < 300; i++) {
            long offset = random.nextInt(100_001);
            long length = switch (i % 3) {
                case 0 -> random.nextInt(2 * profile.chunkSize() + 2); // short, often crossing one boundary
                case 1 -> random.nextInt(100_001 - (int) offset + 64); // possibly past the end
                default -> random.nextInt(20 * profile.chunkSize());
            };
            assertThat(readRange(store, root, offset, length)).as("offset %d length %d", offset, length)
                    .isEqualTo(expected(offset, length));
        }
    }

    @Test
    void negative_offsets_and_lengths_are_refused() throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = importInto(store, CONTENT, V1_SMALL);
        assertThatThrownBy(() -> DagReader.open(store, root, -1, 10)).hasMessage("offset and length must not be negative");
        assertThatThrownBy(() -> DagReader.open(store, root, 0, -1)).hasMessage("offset and length must not be negative");
    }

    @Test
    void a_single_raw_leaf_and_an_empty_file_read_back() throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Cid hello = importInto(store, TestContent.HELLO, V1_SMALL);
        assertThat(hello.codec()).isEqualTo(Codec.RAW);
        assertThat(DagReader.open(store, hello, 6, 5).readAllBytes()).isEqualTo("world".getBytes(StandardCharsets.US_ASCII));
        Cid empty = importInto(store, new byte[0], V0_SMALL);
        assertThat(empty.toString()).isEqualTo("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
        assertThat(DagReader.fileRoot(store, empty).contentSize()).isZero();
        assertThat(DagReader.open(store, empty, 0, Long.MAX_VALUE).read()).isEqualTo(-1);
    }

    // ---- hand-built DAGs ----

    private static Cid putRaw(MemoryBlockStore store, String text) {
        Block b = Block.of(1, Codec.RAW, text.getBytes(StandardCharsets.US_ASCII));
        store.put(b);
        return b.cid();
    }

    private static Cid putFileNode(MemoryBlockStore store, String data, long fileSize, List<Long> sizes, List<Cid> children) {
        List<PbLink> links = children.stream().map(c -> new PbLink(c, "", 1L)).toList();
        byte[] bytes = data == null ? null : data.getBytes(StandardCharsets.US_ASCII);
        Block b = Block.of(1, Codec.DAG_PB, DagPb.encode(links, UnixFs.file(bytes, fileSize, sizes).encode()));
        store.put(b);
        return b.cid();
    }

    @Test
    void a_node_with_its_own_data_and_children_reads_data_first() throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = putFileNode(store, "abc", 7, List.of(2L, 2L), List.of(putRaw(store, "de"), putRaw(store, "fg")));
        assertThat(new String(DagReader.open(store, root, 0, Long.MAX_VALUE).readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abcdefg");
        assertThat(new String(DagReader.open(store, root, 1, 4).readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("bcde");
        assertThat(new String(DagReader.open(store, root, 3, 1).readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("d");
        assertThat(new String(DagReader.open(store, root, 5, 9).readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("fg");
        assertThat(DagReader.fileRoot(store, root).contentSize()).isEqualTo(7);
    }

    @Test
    void a_child_whose_size_contradicts_its_parent_fails_instead_of_returning_wrong_bytes() throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Cid de = putRaw(store, "de");
        Cid lying = putFileNode(store, null, 5, List.of(3L, 2L), List.of(de, putRaw(store, "fg")));
        assertThatThrownBy(() -> DagReader.open(store, lying, 0, Long.MAX_VALUE).readAllBytes())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block " + de + " holds 2 bytes but its parent says 3");
    }

    @Test
    void a_directory_inside_a_file_fails() throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Block dir = Block.of(1, Codec.DAG_PB, DagPb.encode(List.of(), UnixFs.directory().encode()));
        store.put(dir);
        Cid root = putFileNode(store, null, 0, List.of(0L), List.of(dir.cid()));
        // a zero-size child is skipped without being read; give it a size so the reader descends
        Cid root2 = putFileNode(store, null, 4, List.of(4L), List.of(dir.cid()));
        assertThat(DagReader.open(store, root, 0, Long.MAX_VALUE).readAllBytes()).isEmpty();
        assertThatThrownBy(() -> DagReader.open(store, root2, 0, Long.MAX_VALUE).readAllBytes())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block " + dir.cid() + " inside a file is a DIRECTORY");
    }

    // ---- which blocks a read fetches ----

    private static byte[] chunk(byte[] content, int index, int size) {
        return Arrays.copyOfRange(content, index * size, Math.min(content.length, (index + 1) * size));
    }

    @Test
    void reading_the_end_of_a_file_fetches_only_the_path_to_the_last_leaf() throws IOException {
        byte[] content = Sha256CtrStream.bytes(100 * 1024);
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = importInto(store, content, new ImportProfile("fan10", 1, true, 1024, 10));
        Cid lastParent = DagPb.decode(store.get(root)).links().getLast().cid();
        Cid lastLeaf = Block.of(1, Codec.RAW, chunk(content, 99, 1024)).cid();

        TestContent.CountingSource counting = new TestContent.CountingSource(store);
        byte[] tail = DagReader.open(counting, root, content.length - 10, 10).readAllBytes();
        assertThat(tail).isEqualTo(Arrays.copyOfRange(content, content.length - 10, content.length));
        assertThat(counting.fetched).containsExactly(root, lastParent, lastLeaf);
    }

    @Test
    void a_range_read_in_a_deep_tree_fetches_one_block_per_level_and_only_the_leaves_it_needs() throws IOException {
        byte[] content = Sha256CtrStream.bytes(100 * 1024);
        MemoryBlockStore store = new MemoryBlockStore();
        // 100 leaves, three links a node: 34, 12, 4, 2, 1 parents, so five levels above the leaves
        Cid root = importInto(store, content, new ImportProfile("fan3", 1, true, 1024, 3));

        TestContent.CountingSource tail = new TestContent.CountingSource(store);
        DagReader.open(tail, root, content.length - 10, Long.MAX_VALUE).readAllBytes();
        assertThat(tail.fetched).hasSize(6);
        assertThat(tail.fetched.stream().filter(c -> c.codec() == Codec.RAW))
                .containsExactly(Block.of(1, Codec.RAW, chunk(content, 99, 1024)).cid());

        // a range across the boundary of leaves 49 and 50 reads those two leaves and no other
        TestContent.CountingSource middle = new TestContent.CountingSource(store);
        byte[] got = DagReader.open(middle, root, 50 * 1024 - 5, 10).readAllBytes();
        assertThat(got).isEqualTo(Arrays.copyOfRange(content, 50 * 1024 - 5, 50 * 1024 + 5));
        // the two leaves are read ahead in parallel, so either may be fetched first
        assertThat(middle.fetched.stream().filter(c -> c.codec() == Codec.RAW)).containsExactlyInAnyOrder(
                Block.of(1, Codec.RAW, chunk(content, 49, 1024)).cid(),
                Block.of(1, Codec.RAW, chunk(content, 50, 1024)).cid());
        // leaves 48-50 share a parent, so: root, three more parents down, their parent, two leaves
        assertThat(middle.fetched).hasSize(7);

        // a range starting exactly on a leaf boundary does not touch the leaf before it
        TestContent.CountingSource aligned = new TestContent.CountingSource(store);
        assertThat(DagReader.open(aligned, root, 51 * 1024, 1024).readAllBytes())
                .isEqualTo(Arrays.copyOfRange(content, 51 * 1024, 52 * 1024));
        assertThat(aligned.fetched.stream().filter(c -> c.codec() == Codec.RAW))
                .containsExactly(Block.of(1, Codec.RAW, chunk(content, 51, 1024)).cid());
        assertThat(aligned.fetched).hasSize(6);

        // the whole file fetches every block exactly once: 100 leaves + 34 + 12 + 4 + 2 + 1 parents
        TestContent.CountingSource whole = new TestContent.CountingSource(store);
        DagReader.open(whole, root, 0, Long.MAX_VALUE).readAllBytes();
        assertThat(whole.fetched).hasSize(153).doesNotHaveDuplicates();
    }

    @Test
    void opening_a_range_fetches_only_the_root_until_bytes_are_read() throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = importInto(store, CONTENT, V1_SMALL);
        TestContent.CountingSource counting = new TestContent.CountingSource(store);
        DagReader.open(counting, root, 0, 0).readAllBytes();
        assertThat(counting.fetched).containsExactly(root);
    }

    // ---- not a file ----

    @Test
    void opening_a_directory_fails_with_not_a_file() throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Cid file = importInto(store, TestContent.HELLO, V1_SMALL);
        Cid dir = UnixFsDirectory.write(List.of(new UnixFsDirectory.Entry("hello.txt", new DagNode(file, 12, 12))), 1, store::put).cid();
        assertThatThrownBy(() -> DagReader.open(store, dir, 0, Long.MAX_VALUE))
                .isInstanceOf(DagReader.NotAFileException.class)
                .hasMessage(dir + " is a directory");
        assertThatThrownBy(() -> DagReader.fileRoot(store, dir)).isInstanceOf(DagReader.NotAFileException.class);

        Block symlink = Block.of(1, Codec.DAG_PB, DagPb.encode(List.of(), UnixFs.symlink("x".getBytes(StandardCharsets.UTF_8)).encode()));
        store.put(symlink);
        assertThatThrownBy(() -> DagReader.open(store, symlink.cid(), 0, 1))
                .isInstanceOf(DagReader.NotAFileException.class)
                .hasMessage(symlink.cid() + " is a symlink, not a file");
    }

    @Test
    void a_missing_block_fails_with_block_not_found_naming_it() throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = importInto(store, CONTENT, V1_SMALL);
        Cid leaf3 = Block.of(1, Codec.RAW, chunk(CONTENT, 3, 1024)).cid();
        assertThat(store.delete(leaf3)).isTrue();
        BlockNotFoundException e = catchThrowableOfType(BlockNotFoundException.class,
                () -> DagReader.open(store, root, 0, Long.MAX_VALUE).readAllBytes());
        assertThat(e.cid()).isEqualTo(leaf3);
        assertThat(e).hasMessage("block " + leaf3 + " not found");
        // ranges that do not touch it still read
        assertThat(DagReader.open(store, root, 0, 3 * 1024).readAllBytes()).isEqualTo(Arrays.copyOf(CONTENT, 3 * 1024));
    }

    // ---- corruption ----

    @Test
    void a_corrupt_block_on_disk_fails_the_read_naming_it_and_none_of_its_bytes_are_returned(@TempDir Path tmp)
            throws IOException {
        byte[] content = Sha256CtrStream.bytes(10 * 1024);
        FileBlockStore store = new FileBlockStore(tmp.resolve("blocks"), Quota.UNLIMITED);
        try {
            Cid root = FileImporter.importFile(new ByteArrayInputStream(content), V1_SMALL, store::put).cid();
            Cid leaf5 = Block.of(1, Codec.RAW, chunk(content, 5, 1024)).cid();
            Path file = tmp.resolve("blocks").resolve(TestContent.HEX.toHexDigits(leaf5.multihash().digest()[0]))
                    .resolve(leaf5.toString());
            assertThat(file).isRegularFile().hasSize(1024);
            byte[] bad = Files.readAllBytes(file);
            bad[100] ^= 0x40;
            Files.write(file, bad);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BlockMismatchException e = catchThrowableOfType(BlockMismatchException.class,
                    () -> DagReader.open(store, root, 0, Long.MAX_VALUE).writeTo(out));
            assertThat(e.cid()).isEqualTo(leaf5);
            assertThat(e.getMessage()).contains(leaf5.toString());
            assertThat(out.toByteArray()).as("exactly the bytes before the corrupt block")
                    .isEqualTo(Arrays.copyOf(content, 5 * 1024));

            // a read inside the corrupt block returns nothing at all
            DagReader inside = DagReader.open(store, root, 5 * 1024 + 10, 20);
            byte[] buf = new byte[20];
            assertThatThrownBy(() -> inside.read(buf, 0, 20)).isInstanceOf(BlockMismatchException.class);
            assertThat(buf).containsOnly(0);

            // ranges around it are unaffected
            assertThat(DagReader.open(store, root, 6 * 1024, Long.MAX_VALUE).readAllBytes())
                    .isEqualTo(Arrays.copyOfRange(content, 6 * 1024, content.length));
        } finally {
            store.close();
        }
    }

    @Test
    void the_small_profile_stores_one_raw_leaf_per_chunk() throws IOException {
        // 100000 bytes in 1 KiB chunks: 97 full leaves and one of 672 bytes, all distinct
        MemoryBlockStore store = new MemoryBlockStore();
        importInto(store, CONTENT, V1_SMALL);
        HashSet<Cid> all = new HashSet<>();
        store.forEach(all::add);
        assertThat(all.stream().filter(c -> c.codec() == Codec.RAW)).hasSize(98);
    }
}
