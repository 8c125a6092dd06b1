package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed 002 quick start with the packaged {@code ./cairn}, as separate processes: start a
 * node, add a song with metadata, list it, fetch it, stop the node with SIGTERM in the middle
 * of a download, and start it again on the same data directory.
 */
class QuickStartIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void seed_quick_start_on_one_node() throws Exception {
        Path data = dir.resolve("node1");
        Process node = LauncherProcess.builder(data, "start", "--port", "0").redirectErrorStream(true)
                .redirectOutput(dir.resolve("node1.log").toFile()).start();
        try {
            String url = awaitUrl(data, node);
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/ping")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("{\"status\":\"ok\"}");

            Path song = TestData.writeRandomFile(dir.resolve("song.mp3"), 200L << 20, 7);
            LauncherProcess.Result add = LauncherProcess.run(data, "add", song.toString(), "--title", "My Song", "--artist", "Me");
            assertThat(add.exitCode()).as(add.stderr()).isZero();
            String[] added = add.stdout().strip().split(" ");
            assertThat(added[0]).isEqualTo("added");
            assertThat(added[2]).isEqualTo(TestData.sha256Hex(song));

            LauncherProcess.Result list = LauncherProcess.run(data, "list");
            assertThat(list.exitCode()).as(list.stderr()).isZero();
            assertThat(list.stdout()).contains(added[1]).contains("Me - My Song");
            LauncherProcess.Result listJson = LauncherProcess.run(data, "list", "--json", "--search", "song");
            JsonNode items = JSON.readTree(listJson.stdout());
            assertThat(items).hasSize(1);
            assertThat(items.get(0).get("content_hash").asText()).isEqualTo(added[2]);

            // SIGTERM while a slow client downloads: the node exits 0 in bounded time, the client
            // gets a prefix of the file and then an error, never wrong or silently short bytes.
            HttpResponse<InputStream> download = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/content/" + added[2])).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(download.statusCode()).isEqualTo(200);
            byte[] first = download.body().readNBytes(1 << 20);
            long stopAt = System.nanoTime();
            node.destroy(); // SIGTERM
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(20));
            byte[] original = Files.readAllBytes(song);
            assertThat(first).isEqualTo(Arrays.copyOf(original, first.length));
            try (InputStream rest = download.body()) {
                byte[] more = new byte[1 << 20];
                long total = first.length;
                try {
                    for (int n; (n = rest.read(more)) > 0; total += n) {
                        assertThat(Arrays.copyOfRange(more, 0, n)).isEqualTo(Arrays.copyOfRange(original, (int) total, (int) total + n));
                    }
                    assertThat(total).as("a download that ended normally must be complete").isEqualTo(original.length);
                } catch (IOException cut) {
                    assertThat(total).isLessThan(original.length);
                }
            }
            assertThat(data.resolve("node.json")).doesNotExist();
        } finally {
            node.destroyForcibly();
        }

        // the data directory is free again: a new node starts and the content is intact
        Process again = LauncherProcess.builder(data, "start", "--port", "0").redirectErrorStream(true)
                .redirectOutput(dir.resolve("node1b.log").toFile()).start();
        try {
            awaitUrl(data, again);
            LauncherProcess.Result verify = LauncherProcess.run(data, "verify");
            assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
            LauncherProcess.Result stop = LauncherProcess.run(data, "stop");
            assertThat(stop.exitCode()).as(stop.stderr()).isZero();
            assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            again.destroyForcibly();
        }
    }

    @Test
    void a_second_node_on_the_same_data_directory_is_refused_with_a_hint() throws Exception {
        Path data = dir.resolve("node");
        Process node = LauncherProcess.builder(data, "start", "--port", "0").redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile()).start();
        try {
            awaitUrl(data, node);
            LauncherProcess.Result second = LauncherProcess.run(data, "start", "--port", "0");
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.stderr()).contains("in use by process " + node.pid()).contains("--data-dir");
        } finally {
            node.destroy();
            node.waitFor(30, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> awaitUrl(data, node)).isInstanceOf(IllegalStateException.class);
    }

    static String awaitUrl(Path data, Process node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && node.isAlive()) {
            Path file = data.resolve("node.json");
            if (Files.exists(file)) {
                try {
                    return JSON.readTree(file.toFile()).get("url").asText();
                } catch (IOException partial) {
                    // written atomically, but be patient anyway
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("node did not start (alive: " + node.isAlive() + ")");
    }
}
