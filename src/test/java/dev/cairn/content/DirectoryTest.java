package dev.cairn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.store.MemoryBlockStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** UnixFS directories: building them, importing trees from disk and writing them back out. */
class DirectoryTest {
    private static final DagNode HELLO_FILE = new DagNode(Block.of(1, Codec.RAW, TestContent.HELLO).cid(), 12, 12);

    private static List<String> linkNames(byte[] block) {
        return DagPb.decode(block).links().stream().map(PbLink::name).toList();
    }

    private static List<Block> capture(List<UnixFsDirectory.Entry> entries) throws IOException {
        List<Block> blocks = new ArrayList<>();
        UnixFsDirectory.write(entries, 1, blocks::add);
        return blocks;
    }

    // ---- UnixFsDirectory ----

    @Test
    void entries_are_sorted_by_the_bytes_of_their_utf8_names() throws IOException {
        // UTF-16 order would put the emoji (a surrogate pair, D83D...) before U+FF21; UTF-8 bytes put it after (F0 > EF)
        List<String> names = List.of("b", "😀", "a", "Ａ", "Z", "é", "aa");
        List<UnixFsDirectory.Entry> entries = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            byte[] data = ("file " + i).getBytes(StandardCharsets.US_ASCII);
            entries.add(new UnixFsDirectory.Entry(names.get(i), new DagNode(Block.of(1, Codec.RAW, data).cid(), data.length, data.length)));
        }
        List<Block> blocks = new ArrayList<>();
        DagNode dir = UnixFsDirectory.write(entries, 1, blocks::add);

        assertThat(blocks).hasSize(1);
        Block block = blocks.getFirst();
        assertThat(block.cid()).isEqualTo(dir.cid());
        assertThat(dir.cid().codec()).isEqualTo(Codec.DAG_PB);
        assertThat(linkNames(block.data())).containsExactly("Z", "a", "aa", "b", "é", "Ａ", "😀");
        assertThat(dir.tsize()).as("block size plus the entries' tsizes").isEqualTo(block.size() + 7 * 6);
        assertThat(dir.contentSize()).isZero();
        assertThat(DagPb.decode(block.data()).links().getFirst().tsize()).isEqualTo(6L);
        assertThat(UnixFs.decode(DagPb.decode(block.data()).data()).type()).isEqualTo(UnixFs.Type.DIRECTORY);
    }

    @Test
    void the_order_entries_are_given_in_does_not_change_the_cid() throws IOException {
        DagNode x = new DagNode(Block.of(1, Codec.RAW, new byte[] {1}).cid(), 1, 1);
        DagNode one = UnixFsDirectory.write(List.of(new UnixFsDirectory.Entry("x", x), new UnixFsDirectory.Entry("y", HELLO_FILE)), 1, TestContent.DISCARD);
        DagNode two = UnixFsDirectory.write(List.of(new UnixFsDirectory.Entry("y", HELLO_FILE), new UnixFsDirectory.Entry("x", x)), 1, TestContent.DISCARD);
        assertThat(one.cid()).isEqualTo(two.cid());
        DagNode v0 = UnixFsDirectory.write(List.of(), 0, TestContent.DISCARD);
        assertThat(v0.cid().toString()).isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        assertThat(v0.tsize()).isEqualTo(4);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", ".", "..", "a/b", "/", "../x", "nul\0byte"})
    void invalid_entry_names_are_refused(String name) {
        List<Block> written = new ArrayList<>();
        assertThatThrownBy(() -> UnixFsDirectory.write(
                List.of(new UnixFsDirectory.Entry("ok", HELLO_FILE), new UnixFsDirectory.Entry(name, HELLO_FILE)), 1, written::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid directory entry name '" + name + "'");
        assertThat(written).as("nothing is written").isEmpty();
    }

    @Test
    void duplicate_entry_names_are_refused() {
        assertThatThrownBy(() -> capture(List.of(
                new UnixFsDirectory.Entry("same", HELLO_FILE), new UnixFsDirectory.Entry("other", HELLO_FILE),
                new UnixFsDirectory.Entry("same", HELLO_FILE))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate directory entry 'same'");
    }

    @Test
    void a_directory_node_may_be_exactly_max_block_size_but_not_one_byte_more() throws IOException {
        DagNode file = new DagNode(HELLO_FILE.cid(), 1000, 1000);
        int perEntry = capture(entries(2, 250, 0, file)).getFirst().size() - capture(entries(1, 250, 0, file)).getFirst().size();
        int empty = capture(entries(1, 250, 0, file)).getFirst().size() - perEntry;
        int n = (UnixFsDirectory.MAX_BLOCK_SIZE - empty) / perEntry;
        int slack = UnixFsDirectory.MAX_BLOCK_SIZE - (empty + n * perEntry);
        assertThat(slack).isBetween(0, perEntry - 1);

        List<Block> fits = capture(entries(n, 250, slack, file));
        assertThat(fits.getFirst().size()).isEqualTo(UnixFsDirectory.MAX_BLOCK_SIZE);

        List<Block> written = new ArrayList<>();
        assertThatThrownBy(() -> UnixFsDirectory.write(entries(n, 250, slack + 1, file), 1, written::add))
                .isInstanceOf(UnixFsDirectory.DirectoryTooLargeException.class)
                .hasMessage("directory with " + n + " entries needs a 262145-byte node, over the 262144-byte limit"
                        + " of a plain UnixFS directory (HAMT sharding is not supported yet)");
        assertThat(written).isEmpty();
    }

    /** {@code n} entries with names of {@code length} characters, the last one {@code extra} longer. */
    private static List<UnixFsDirectory.Entry> entries(int n, int length, int extra, DagNode node) {
        List<UnixFsDirectory.Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = String.format("%05d", i) + "x".repeat(length - 5 + (i == n - 1 ? extra : 0));
            entries.add(new UnixFsDirectory.Entry(name, node));
        }
        return entries;
    }

    // ---- PathImporter ----

    /** Relative path -> "dir", "file <sha256>" or "link <target>", for comparing trees. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) out.put(rel, "link " + Files.readSymbolicLink(p));
                else if (Files.isDirectory(p)) out.put(rel, "dir");
                else out.put(rel, "file " + TestContent.sha256Hex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static Path sourceTree(Path parent) throws IOException {
        Path src = parent.resolve("src");
        Files.createDirectories(src.resolve("sub/deeper"));
        Files.createDirectories(src.resolve("sub/empty-dir"));
        Files.write(src.resolve("a.txt"), TestContent.HELLO);
        Files.write(src.resolve("big.bin"), Sha256CtrStream.bytes(50_000)); // many chunks, several levels
        Files.write(src.resolve("empty.bin"), new byte[0]);
        Files.write(src.resolve("sub/mod.bin"), TestContent.mod251(3000));
        Files.writeString(src.resolve("sub/deeper/Zeta.txt"), "z");
        Files.writeString(src.resolve("sub/deeper/unicodé ✓.txt"), "named in UTF-8");
        return src;
    }

    @Test
    void hidden_entries_are_skipped_unless_asked_for(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Files.write(dir.resolve("a.txt"), TestContent.HELLO);
        DagNode plain = new PathImporter(ImportProfile.UNIXFS_V1_2025, TestContent.DISCARD, false, ReferenceCidsTest.noListener())
                .importPath(dir, true);
        Files.writeString(dir.resolve(".secret"), "s");
        MemoryBlockStore store = new MemoryBlockStore();
        DagNode skipping = new PathImporter(ImportProfile.UNIXFS_V1_2025, store::put, false, ReferenceCidsTest.noListener())
                .importPath(dir, true);
        DagNode including = new PathImporter(ImportProfile.UNIXFS_V1_2025, store::put, true, ReferenceCidsTest.noListener())
                .importPath(dir, true);
        assertThat(skipping.cid()).isEqualTo(plain.cid());
        assertThat(including.cid()).isNotEqualTo(plain.cid());
        assertThat(DirectoryListing.list(store, including.cid())).extracting(DirectoryListing.Entry::name)
                .containsExactly(".secret", "a.txt");
    }

    @Test
    void a_directory_needs_recursive_and_a_missing_path_is_reported(@TempDir Path tmp) {
        PathImporter importer = new PathImporter(ImportProfile.UNIXFS_V1_2025, TestContent.DISCARD, false, ReferenceCidsTest.noListener());
        assertThatThrownBy(() -> importer.importPath(tmp, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(tmp + " is a directory; use -r to add it recursively");
        assertThatThrownBy(() -> importer.importPath(tmp.resolve("nope"), false)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void a_symlink_inside_a_tree_becomes_a_unixfs_symlink(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Files.write(dir.resolve("a.txt"), TestContent.HELLO);
        Files.createSymbolicLink(dir.resolve("link"), Path.of("a.txt"));
        MemoryBlockStore store = new MemoryBlockStore();
        DagNode root = new PathImporter(ImportProfile.UNIXFS_V1_2025, store::put, false, ReferenceCidsTest.noListener()).importPath(dir, true);
        DirectoryListing.Entry link = DirectoryListing.list(store, root.cid()).stream().filter(e -> e.name().equals("link")).findFirst().orElseThrow();
        assertThat(link.type()).isEqualTo(UnixFs.Type.SYMLINK);
        UnixFsNode node = UnixFsNode.decode(link.cid(), store.get(link.cid()));
        assertThat(new String(node.data(), StandardCharsets.UTF_8)).isEqualTo("a.txt");
    }

    // ---- PathExporter ----

    static Stream<Arguments> exportProfiles() {
        return Stream.of(
                Arguments.of(new ImportProfile("v1-fan3", 1, true, 1024, 3)),
                Arguments.of(new ImportProfile("v0-fan4", 0, false, 1000, 4)),
                Arguments.of(ImportProfile.UNIXFS_V1_2025));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exportProfiles")
    void export_writes_back_a_tree_identical_to_the_source(ImportProfile profile, @TempDir Path tmp) throws IOException {
        Path src = sourceTree(tmp);
        Files.createSymbolicLink(src.resolve("sub/link-to-a"), Path.of("../a.txt"));
        MemoryBlockStore store = new MemoryBlockStore();
        DagNode root = new PathImporter(profile, store::put, false, ReferenceCidsTest.noListener()).importPath(src, true);

        Path out = tmp.resolve("out");
        long written = new PathExporter(store).export(root.cid(), out);

        assertThat(snapshot(out)).isEqualTo(snapshot(src));
        assertThat(snapshot(out)).containsEntry("sub/empty-dir", "dir").containsEntry("sub/link-to-a", "link ../a.txt")
                .containsEntry("big.bin", "file " + TestContent.sha256Hex(Sha256CtrStream.bytes(50_000)));
        assertThat(written).isEqualTo(12 + 50_000 + 0 + 3000 + 1 + 14);
    }

    @Test
    void export_of_a_file_replaces_an_existing_file_and_leaves_no_temporary(@TempDir Path tmp) throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        byte[] content = Sha256CtrStream.bytes(20_000);
        Cid cid = FileImporter.importFile(new java.io.ByteArrayInputStream(content), new ImportProfile("f", 1, true, 1024, 3), store::put).cid();
        Path out = tmp.resolve("file.bin");
        Files.writeString(out, "old contents");
        assertThat(new PathExporter(store).export(cid, out)).isEqualTo(20_000);
        assertThat(out).hasBinaryContent(content);
        try (Stream<Path> list = Files.list(tmp)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("file.bin");
        }
    }

    @Test
    void export_refuses_to_overwrite_an_existing_directory(@TempDir Path tmp) throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        DagNode root = new PathImporter(ImportProfile.UNIXFS_V1_2025, store::put, false, ReferenceCidsTest.noListener())
                .importPath(sourceTree(tmp), true);
        Path out = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(out.resolve("mine.txt"), "keep me");

        assertThatThrownBy(() -> new PathExporter(store).export(root.cid(), out))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("already exists");
        assertThat(snapshot(out)).isEqualTo(Map.of("", "dir", "mine.txt", "file " + TestContent.sha256Hex("keep me".getBytes(StandardCharsets.US_ASCII))));

        // nor may a file be written over a directory
        assertThatThrownBy(() -> new PathExporter(store).export(HELLO_FILE.cid(), out)).isInstanceOf(FileAlreadyExistsException.class);
    }

    /** A directory block built by hand, bypassing UnixFsDirectory's checks, as a hostile peer could. */
    private static Cid hostileDirectory(MemoryBlockStore store, List<PbLink> links) {
        Block dir = Block.of(1, Codec.DAG_PB, DagPb.encode(links, UnixFs.directory().encode()));
        store.put(dir);
        return dir.cid();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"..", ".", "../escaped.txt", "a/b", "/tmp/escaped.txt", ""})
    void export_refuses_a_hostile_entry_name(String name, @TempDir Path tmp) throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        store.put(Block.of(1, Codec.RAW, TestContent.HELLO));
        Cid root = hostileDirectory(store, List.of(new PbLink(HELLO_FILE.cid(), name, 12L)));
        Path out = tmp.resolve("out");

        assertThatThrownBy(() -> new PathExporter(store).export(root, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid directory entry name '" + name + "'");
        assertThat(snapshot(tmp)).as("nothing written anywhere").isEqualTo(Map.of("", "dir", "out", "dir"));
    }

    @Test
    void export_refuses_a_hostile_name_deeper_in_the_tree(@TempDir Path tmp) throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        store.put(Block.of(1, Codec.RAW, TestContent.HELLO));
        Cid inner = hostileDirectory(store, List.of(new PbLink(HELLO_FILE.cid(), "../../escaped.txt", 12L)));
        Cid root = hostileDirectory(store, List.of(new PbLink(inner, "sub", 100L)));

        assertThatThrownBy(() -> new PathExporter(store).export(root, tmp.resolve("out")))
                .hasMessage("invalid directory entry name '../../escaped.txt'");
        assertThat(snapshot(tmp)).isEqualTo(Map.of("", "dir", "out", "dir", "out/sub", "dir"));
    }

    @Test
    void export_refuses_a_name_listed_twice(@TempDir Path tmp) throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        store.put(Block.of(1, Codec.RAW, TestContent.HELLO));
        Cid root = hostileDirectory(store, List.of(new PbLink(HELLO_FILE.cid(), "x", 12L), new PbLink(HELLO_FILE.cid(), "x", 12L)));
        assertThatThrownBy(() -> new PathExporter(store).export(root, tmp.resolve("out")))
                .isInstanceOf(IOException.class)
                .hasMessage("directory " + root + " lists 'x' twice");
        assertThat(tmp.resolve("out/x")).hasBinaryContent(TestContent.HELLO);
    }
}
