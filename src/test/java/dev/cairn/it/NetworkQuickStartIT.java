package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.TestData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002's quick start with two nodes, literally, as separate processes of the packaged
 * {@code ./cairn}: start a node on 8080, a second on 8081 with {@code --peers 127.0.0.1:8080},
 * add a song with metadata on the first, and {@code cairn list} on the second shows it; then
 * {@code cairn get} on the second fetches it from the first, byte for byte.
 */
class NetworkQuickStartIT {
    @TempDir
    Path dir;

    @Test
    void the_second_node_lists_and_gets_a_song_added_on_the_first() throws Exception {
        // the seed's ports when they are free (a fresh machine), else two free ones, so a busy 8080 cannot fail the build
        int port1 = free(8080) ? 8080 : anyFreePort();
        int port2 = free(8081) ? 8081 : anyFreePort();
        Path data1 = dir.resolve("node1");
        Path data2 = dir.resolve("node2");
        Process node1 = LauncherProcess.builder(data1, "start", "--host", "127.0.0.1", "--port", Integer.toString(port1))
                .redirectErrorStream(true).redirectOutput(dir.resolve("node1.log").toFile()).start();
        Process node2 = null;
        try {
            QuickStartIT.awaitUrl(data1, node1);
            node2 = LauncherProcess.builder(data2, "start", "--host", "127.0.0.1", "--port", Integer.toString(port2),
                    "--peers", "127.0.0.1:" + port1).redirectErrorStream(true).redirectOutput(dir.resolve("node2.log").toFile()).start();
            QuickStartIT.awaitUrl(data2, node2);

            Path song = TestData.writeRandomFile(dir.resolve("song.mp3"), 3L << 20, 11);
            LauncherProcess.Result add = LauncherProcess.run(data1, "add", song.toString(), "--title", "Song", "--artist", "Artist");
            assertThat(add.exitCode()).as(add.stderr()).isZero();
            String cid = add.stdout().strip().split(" ")[1];

            LauncherProcess.Result list = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                list = LauncherProcess.run(data2, "list");
                if (list.exitCode() == 0 && list.stdout().contains("Artist - Song")) break;
                Thread.sleep(500);
            }
            assertThat(list.exitCode()).as(list.stderr()).isZero();
            assertThat(list.stdout()).contains(cid).contains("Artist - Song").contains("1 peer");
            LauncherProcess.Result local = LauncherProcess.run(data2, "list", "--local");
            assertThat(local.stdout()).doesNotContain(cid);

            LauncherProcess.Result id1 = LauncherProcess.run(data1, "id");
            LauncherProcess.Result peers = LauncherProcess.run(data2, "peers");
            assertThat(peers.stdout()).contains(id1.stdout().strip()).contains("live");

            Path out = dir.resolve("fetched.mp3");
            LauncherProcess.Result get = LauncherProcess.run(data2, "get", TestData.sha256Hex(song), "-o", out.toString());
            assertThat(get.exitCode()).as(get.stderr()).isZero();
            assertThat(TestData.sha256Hex(out)).isEqualTo(TestData.sha256Hex(song));
        } finally {
            stop(node1);
            if (node2 != null) stop(node2);
        }
        assertThat(Files.readString(dir.resolve("node2.log"))).contains("peer ").contains("joined");
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyFreePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
