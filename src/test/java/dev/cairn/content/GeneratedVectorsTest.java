package dev.cairn.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.store.MemoryBlockStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/**
 * The importer against src/test/resources/vectors/generated_cids.txt, computed by the JS IPFS
 * stack (see the file's header for the format and the content generator).
 */
class GeneratedVectorsTest {
    private static final Map<String, ImportProfile> SETS = Map.of(
            "A", ImportProfile.UNIXFS_V1_2025,
            "B", ImportProfile.UNIXFS_V0_2015);

    private static List<String[]> rows(String kind) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = GeneratedVectorsTest.class.getResourceAsStream("/vectors/generated_cids.txt")) {
            assertThat(in).as("src/test/resources/vectors/generated_cids.txt on the test class path").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split(" ");
                if (f[0].equals(kind)) rows.add(f);
            }
        }
        return rows;
    }

    static Stream<Arguments> fileRows() throws IOException {
        return rows("file").stream().map(f -> Arguments.of(
                Long.parseLong(f[1]), Integer.parseInt(f[2]), Boolean.parseBoolean(f[3]),
                Integer.parseInt(f[4]), Integer.parseInt(f[5]), f[6]));
    }

    @Test
    void the_vector_file_has_every_row() throws IOException {
        assertThat(rows("file")).hasSize(31);
        assertThat(rows("dir")).hasSize(16);
        assertThat(rows("wrapped")).hasSize(4);
    }

    @ParameterizedTest(name = "sha256ctr({0}) v{1} rawLeaves={2} chunk={3} maxChildren={4}")
    @MethodSource("fileRows")
    void file_import_matches_the_js_importer(long size, int cidVersion, boolean rawLeaves, int chunkSize, int maxChildren,
            String expected) throws IOException {
        ImportProfile profile = new ImportProfile("custom", cidVersion, rawLeaves, chunkSize, maxChildren);
        MessageDigest sha256 = Multihash.newSha256();
        long[] lastProgress = {-1};
        FileImporter.Result result;
        try (InputStream in = new DigestInputStream(new Sha256CtrStream(size), sha256)) {
            result = FileImporter.importFile(in, profile, TestContent.DISCARD, n -> lastProgress[0] = n);
        }
        assertThat(result.cid().toString()).isEqualTo(expected);
        assertThat(result.size()).isEqualTo(size);
        assertThat(result.root().contentSize()).isEqualTo(size);
        assertThat(result.sha256()).isEqualTo(TestContent.HEX.formatHex(sha256.digest()));
        assertThat(lastProgress[0]).isEqualTo(size);
    }

    /** Writes the 'tree' directory the vectors describe and returns it. */
    static Path buildTree(Path parent) throws IOException {
        Path tree = parent.resolve("tree");
        Files.createDirectories(tree.resolve("sub/deeper"));
        Files.write(tree.resolve("a.txt"), TestContent.HELLO);
        Files.write(tree.resolve("b.bin"), Sha256CtrStream.bytes(300_000));
        Files.write(tree.resolve("sub/c.bin"), Sha256CtrStream.bytes(5000));
        Files.write(tree.resolve("sub/deeper/empty.bin"), new byte[0]);
        Files.writeString(tree.resolve("Zeta.txt"), "z");
        return tree;
    }

    @ParameterizedTest(name = "set {0}")
    @ValueSource(strings = {"A", "B"})
    void directory_import_matches_the_js_importer_entry_by_entry(String set, @TempDir Path tmp) throws IOException {
        Path tree = buildTree(tmp);
        Map<String, String> expected = new TreeMap<>();
        for (String[] f : rows("dir")) if (f[1].equals(set)) expected.put(f[2], f[3] + " " + f[4]);

        Map<String, String> actual = new TreeMap<>();
        Map<String, String> fileSha256 = new LinkedHashMap<>();
        PathImporter.Listener listener = new PathImporter.Listener() {
            @Override
            public void file(Path path, FileImporter.Result result) {
                actual.put(name(path), result.cid() + " " + result.root().tsize());
                fileSha256.put(name(path), result.sha256());
            }

            @Override
            public void directory(Path path, DagNode node) {
                actual.put(name(path), node.cid() + " " + node.tsize());
            }

            private String name(Path path) {
                return tmp.relativize(path).toString().replace('\\', '/');
            }
        };
        DagNode root = new PathImporter(SETS.get(set), new MemoryBlockStore()::put, false, listener).importPath(tree, true);

        assertThat(actual).isEqualTo(expected);
        assertThat(root.cid() + " " + root.tsize()).isEqualTo(expected.get("tree"));
        assertThat(fileSha256).containsEntry("tree/b.bin", TestContent.sha256Hex(Files.readAllBytes(tree.resolve("b.bin"))))
                .containsEntry("tree/a.txt", TestContent.sha256Hex(TestContent.HELLO))
                .containsEntry("tree/sub/deeper/empty.bin", TestContent.sha256Hex(new byte[0]));
    }

    static Stream<Arguments> wrappedRows() throws IOException {
        return rows("wrapped").stream().map(f -> Arguments.of(f[1], f[2], f[3]));
    }

    @ParameterizedTest(name = "set {0}: {1}")
    @MethodSource("wrappedRows")
    void wrapped_import_matches_the_js_importer(String set, String label, String expected, @TempDir Path tmp) throws IOException {
        Map<String, byte[]> files = switch (label) {
            case "hello.txt" -> Map.of("hello.txt", TestContent.HELLO);
            case "a.txt+Zeta.txt" -> Map.of("a.txt", TestContent.HELLO, "Zeta.txt", new byte[] {'z'});
            default -> throw new AssertionError("unknown wrapped row " + label);
        };
        PathImporter importer = new PathImporter(SETS.get(set), TestContent.DISCARD, false, ReferenceCidsTest.noListener());
        List<UnixFsDirectory.Entry> entries = new ArrayList<>();
        for (var e : files.entrySet()) {
            Path p = tmp.resolve(e.getKey());
            Files.write(p, e.getValue());
            entries.add(new UnixFsDirectory.Entry(e.getKey(), importer.importPath(p, false)));
        }
        assertThat(importer.wrap(entries).cid().toString()).isEqualTo(expected);
    }
}
