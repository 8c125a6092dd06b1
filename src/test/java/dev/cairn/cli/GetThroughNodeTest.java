package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.Node;
import dev.cairn.content.Cid;
import dev.cairn.net.Peers;
import dev.cairn.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn get} on the data directory of a running node that lacks the content: a file
 * comes as a CAR of its blocks in the order they reach the node (one stream of its bytes to a
 * device), a directory block by block, and both are written whole, byte for byte what the peer
 * holds; content no peer has leaves no file behind.
 */
class GetThroughNodeTest {
    @TempDir
    Path dir;

    @Test
    void files_and_directories_a_peer_holds_are_fetched_and_written_whole() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("album/disc 1"));
        TestData.writeRandomFile(tree.resolve("track.bin"), 1_500_000, 7);
        Files.writeString(dir.resolve("album/notes.txt"), "liner notes\n");
        Path big = TestData.writeRandomFile(dir.resolve("big.bin"), 3_000_000, 8);

        try (Node seeder = Peers.start(dir.resolve("seeder"))) {
            InProcessCairn seed = new InProcessCairn(dir.resolve("seeder"), Map.of());
            var file = seed.run("add", "-q", big.toString());
            assertThat(file.exitCode()).as(file.stderr()).isZero();
            Cid fileCid = Cid.parse(file.stdout().strip());
            var album = seed.run("add", "-r", "-q", dir.resolve("album").toString());
            assertThat(album.exitCode()).as(album.stderr()).isZero();
            Cid albumCid = Cid.parse(album.lines().getLast().strip());

            try (Node downloader = Peers.start(dir.resolve("dl"), seeder)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> Peers.livePeers(downloader).size() == 1);
                InProcessCairn cli = new InProcessCairn(dir.resolve("dl"), Map.of());

                Path out = dir.resolve("out.bin");
                var got = cli.run("get", fileCid.toString(), "-o", out.toString());
                assertThat(got.exitCode()).as(got.stderr()).isZero();
                assertThat(got.stderr()).contains("saved " + fileCid, "(3000000 bytes)");
                assertThat(TestData.sha256Hex(out)).isEqualTo(TestData.sha256Hex(big));

                // repeated content: blocks linked from many places come once and are written at each
                byte[] repeats = new byte[3 << 20];
                System.arraycopy(TestData.sha256ctrBytes(100_000), 0, repeats, 1 << 20, 100_000);
                Path repeated = Files.write(dir.resolve("repeats.bin"), repeats);
                var rep = seed.run("add", "-q", repeated.toString());
                assertThat(rep.exitCode()).as(rep.stderr()).isZero();
                Path outRep = dir.resolve("out-repeats.bin");
                var gotRep = cli.run("get", rep.stdout().strip(), "-o", outRep.toString());
                assertThat(gotRep.exitCode()).as(gotRep.stderr()).isZero();
                assertThat(Files.readAllBytes(outRep)).isEqualTo(repeats);

                // to a device: the bytes in order, written where it is (not replaced by a file)
                var toDevice = cli.run("get", fileCid.toString(), "-o", "/dev/null");
                assertThat(toDevice.exitCode()).as(toDevice.stderr()).isZero();
                assertThat(toDevice.stderr()).contains("(3000000 bytes)");
                assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();

                Path outDir = dir.resolve("out-album");
                var gotDir = cli.run("get", albumCid.toString(), "-o", outDir.toString());
                assertThat(gotDir.exitCode()).as(gotDir.stderr()).isZero();
                assertThat(TestData.sha256Hex(outDir.resolve("disc 1/track.bin"))).isEqualTo(TestData.sha256Hex(tree.resolve("track.bin")));
                assertThat(Files.readString(outDir.resolve("notes.txt"))).isEqualTo("liner notes\n");

                // a CID no peer holds: the transfer fails, the command says so, and no file or part of one is left
                Cid nowhere = dev.cairn.content.Block.of(1, dev.cairn.content.Codec.RAW, "held by nobody".getBytes()).cid();
                Path missing = dir.resolve("missing.bin");
                var failed = cli.run("get", nowhere.toString(), "-o", missing.toString());
                assertThat(failed.exitCode()).isNotZero();
                assertThat(failed.stderr()).contains(nowhere.toString());
                try (Stream<Path> left = Files.list(dir)) {
                    assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".missing.bin") || n.equals("missing.bin"));
                }
            }
        }
    }
}
