package dev.cairn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The importer against ../shared/fixtures/ref_cids.txt: CIDs computed by Helia and cross-checked
 * with Kubo-compatible tools, for the four files make_fixtures.sh defines (rebuilt here in Java).
 */
class ReferenceCidsTest {
    private static final Map<String, ImportProfile> PROFILES = Map.of(
            "unixfs-v1-2025", ImportProfile.UNIXFS_V1_2025,
            "v1-raw-256k-174", ImportProfile.V1_RAW_256K_174,
            "unixfs-v0-2015", ImportProfile.UNIXFS_V0_2015,
            "helia-default", ImportProfile.UNIXFS_V1_2025);
    private static final String WRAPPED = "helia-addFile-wrapped";

    private static final Map<String, byte[]> FILES = Map.of(
            "empty.bin", new byte[0],
            "hello.txt", TestContent.HELLO,
            "mod251_1MiB.bin", TestContent.mod251(1 << 20),
            "sha256ctr_10MiB.bin", Sha256CtrStream.bytes(10 << 20));

    static Stream<Arguments> rows() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TestContent.fixturesDir().resolve("ref_cids.txt"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split("\\s+");
            assertThat(f).as("row '%s'", line).hasSize(3);
            rows.add(Arguments.of(f[0], f[1], f[2]));
        }
        return rows.stream();
    }

    @Test
    void the_reference_table_covers_every_file_and_profile() throws IOException {
        List<Arguments> rows = rows().toList();
        assertThat(rows).hasSize(20);
        assertThat(rows.stream().map(a -> (String) a.get()[0]).distinct()).containsExactlyInAnyOrderElementsOf(FILES.keySet());
        assertThat(rows.stream().map(a -> (String) a.get()[1]).distinct())
                .containsExactlyInAnyOrder("unixfs-v1-2025", "v1-raw-256k-174", "unixfs-v0-2015", "helia-default", WRAPPED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "empty.bin, e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "hello.txt, a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447",
        "mod251_1MiB.bin, 631b84027d6b9e52b539c4e8373622d23032dfadc64d60af87339c9037e4f769",
        "sha256ctr_10MiB.bin, 0feff801eb787ac963abfa5121ec9ffae7a8da58c09fdb8a2bf2a5d6b469198c",
    })
    void fixture_is_rebuilt_byte_for_byte_and_the_importer_reports_its_sha256(String file, String sha256) throws IOException {
        byte[] content = FILES.get(file);
        assertThat(TestContent.sha256Hex(content)).as("rebuilt %s", file).isEqualTo(sha256);
        FileImporter.Result result = FileImporter.importFile(new ByteArrayInputStream(content), ImportProfile.UNIXFS_V1_2025,
                TestContent.DISCARD);
        assertThat(result.sha256()).isEqualTo(sha256);
        assertThat(result.size()).isEqualTo(content.length);
    }

    @Test
    void sha256ctr_starts_with_the_hash_of_eight_zero_bytes() {
        assertThat(TestContent.HEX.formatHex(Sha256CtrStream.bytes(40)))
                .isEqualTo("af5570f5a1810b7af78caf4bc70a660f0df51e42baf91d4de5b2328de0e83dfc"
                        + TestContent.HEX.formatHex(Multihash.newSha256().digest(new byte[] {0, 0, 0, 0, 0, 0, 0, 1})).substring(0, 16));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rows")
    void importer_produces_the_reference_cid(String file, String profileName, String expected, @TempDir Path tmp)
            throws IOException {
        byte[] content = FILES.get(file);
        assertThat(content).as("content for fixture %s", file).isNotNull();
        Cid cid;
        if (profileName.equals(WRAPPED)) {
            // what helia's addFile({path: name}) with wrapping does: a directory holding the file under its name
            Path path = tmp.resolve(file);
            Files.write(path, content);
            PathImporter importer = new PathImporter(ImportProfile.UNIXFS_V1_2025, TestContent.DISCARD, false, noListener());
            DagNode fileNode = importer.importPath(path, false);
            cid = importer.wrap(List.of(new UnixFsDirectory.Entry(file, fileNode))).cid();
        } else {
            ImportProfile profile = PROFILES.get(profileName);
            assertThat(profile).as("profile %s", profileName).isNotNull();
            cid = FileImporter.importFile(new ByteArrayInputStream(content), profile, TestContent.DISCARD).cid();
        }
        assertThat(cid.toString()).isEqualTo(expected);
        assertThat(Cid.parse(expected)).isEqualTo(cid);
    }

    @Test
    void named_profiles_resolve_by_name_in_any_case() {
        assertThat(ImportProfile.named("unixfs-v1-2025")).isSameAs(ImportProfile.UNIXFS_V1_2025);
        assertThat(ImportProfile.named("V1-RAW-256K-174")).isSameAs(ImportProfile.V1_RAW_256K_174);
        assertThat(ImportProfile.named("unixfs-v0-2015")).isSameAs(ImportProfile.UNIXFS_V0_2015);
        assertThatThrownBy(() -> ImportProfile.named("kubo"))
                .hasMessage("unknown profile 'kubo'; expected one of [unixfs-v1-2025, v1-raw-256k-174, unixfs-v0-2015]");
    }

    @Test
    void profiles_that_cannot_work_are_refused() {
        assertThatThrownBy(() -> new ImportProfile("x", 0, true, 1024, 4))
                .hasMessage("CIDv0 cannot address raw leaves");
        assertThatThrownBy(() -> new ImportProfile("x", 1, true, (1 << 20) + 1, 4))
                .hasMessage("chunk size must be 1..1048576, got 1048577");
        assertThatThrownBy(() -> new ImportProfile("x", 1, true, 1024, 1))
                .hasMessage("maxLinks must be at least 2, got 1");
        assertThatThrownBy(() -> new ImportProfile("x", 2, true, 1024, 4))
                .hasMessage("cidVersion must be 0 or 1");
    }

    static PathImporter.Listener noListener() {
        return new PathImporter.Listener() {
            @Override
            public void file(Path path, FileImporter.Result result) {}

            @Override
            public void directory(Path path, DagNode node) {}
        };
    }
}
