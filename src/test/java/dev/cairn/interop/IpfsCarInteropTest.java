package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CAR round trips with ipfs-car, the JS reference implementation, in both directions.
 * Needs ipfs-car (install with ../shared/tools/setup_js.sh; CAIRN_JS_DIR points at it,
 * default /tmp/cairn-js). Skipped when absent, unless CAIRN_REQUIRE_INTEROP=1 (as in CI).
 */
class IpfsCarInteropTest {
    static Path ipfsCar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findIpfsCar() {
        String jsDir = System.getenv().getOrDefault("CAIRN_JS_DIR", "/tmp/cairn-js");
        ipfsCar = Path.of(jsDir, "node_modules/.bin/ipfs-car");
        boolean present = Files.isExecutable(ipfsCar);
        if (!present && "1".equals(System.getenv("CAIRN_REQUIRE_INTEROP"))) {
            throw new IllegalStateException("CAIRN_REQUIRE_INTEROP=1 but " + ipfsCar + " is missing; run ../shared/tools/setup_js.sh");
        }
        Assumptions.assumeTrue(present, ipfsCar + " not installed (../shared/tools/setup_js.sh); interop checks skipped");
    }

    static String ipfsCar(Path workDir, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ipfsCar.toString());
        pb.command().addAll(List.of(args));
        pb.directory(workDir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ipfs-car %s: %s", List.of(args), out).isZero();
        return out.strip();
    }

    @Test
    void ipfs_car_unpacks_a_cairn_car_to_the_identical_file() throws Exception {
        Path file = TestData.writeRandomFile(dir.resolve("song.bin"), (5L << 20) + 12345, 9);
        Path data = dir.resolve("data");
        String cid = CairnProcess.run(data, "add", "-q", file.toString()).lines().getFirst();
        Path car = dir.resolve("song.car");
        assertThat(CairnProcess.run(data, "car", "export", cid, "-o", car.toString()).exitCode()).isZero();

        assertThat(ipfsCar(dir, "roots", car.toString())).isEqualTo(cid);
        Path out = dir.resolve("unpacked.bin");
        ipfsCar(dir, "unpack", car.toString(), "--output", out.toString());
        assertThat(Files.mismatch(out, file)).isEqualTo(-1);
    }

    @Test
    void ipfs_car_unpacks_a_cairn_directory_car_to_the_identical_tree() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("album/disc1"));
        TestData.writeRandomFile(tree.resolve("01.flac"), 3_000_000, 1);
        Files.writeString(dir.resolve("album/cover.txt"), "cover\n");
        Path data = dir.resolve("data");
        List<String> roots = CairnProcess.run(data, "add", "-q", "-r", dir.resolve("album").toString()).lines();
        String root = roots.getLast();
        Path car = dir.resolve("album.car");
        CairnProcess.run(data, "car", "export", root, "-o", car.toString());

        Path out = dir.resolve("out");
        ipfsCar(dir, "unpack", car.toString(), "--output", out.toString());
        assertThat(Files.readString(out.resolve("cover.txt"))).isEqualTo("cover\n");
        assertThat(Files.mismatch(out.resolve("disc1/01.flac"), tree.resolve("01.flac"))).isEqualTo(-1);
    }

    @Test
    void cairn_imports_a_car_packed_by_ipfs_car_with_the_same_cid_it_computes() throws Exception {
        Path file = TestData.writeRandomFile(dir.resolve("data.bin"), (3L << 20) + 7, 3);
        Path car = dir.resolve("data.car");
        ipfsCar(dir, "pack", "--no-wrap", file.toString(), "--output", car.toString());
        String packedRoot = ipfsCar(dir, "roots", car.toString());

        Path data = dir.resolve("data");
        assertThat(CairnProcess.run(data, "car", "import", car.toString()).lines()).containsExactly("imported " + packedRoot);
        assertThat(CairnProcess.run(data, "cat", packedRoot).stdoutBytes()).isEqualTo(Files.readAllBytes(file));
        assertThat(CairnProcess.run(dir.resolve("fresh"), "add", "-q", file.toString()).lines()).containsExactly(packedRoot);
    }

    @Test
    void cairn_imports_a_wrapped_car_packed_by_ipfs_car() throws Exception {
        Path file = Files.writeString(dir.resolve("note.txt"), "a note\n");
        Path car = dir.resolve("note.car");
        ipfsCar(dir, "pack", file.toString(), "--output", car.toString());
        String root = ipfsCar(dir, "roots", car.toString());

        Path data = dir.resolve("data");
        assertThat(CairnProcess.run(data, "car", "import", car.toString()).exitCode()).isZero();
        List<String> ls = CairnProcess.run(data, "ls", root).lines();
        assertThat(ls).hasSize(1);
        assertThat(ls.getFirst()).endsWith(" 7 note.txt");
        assertThat(CairnProcess.run(data, "add", "-q", "-w", file.toString()).lines().getLast()).isEqualTo(root);
    }
}
