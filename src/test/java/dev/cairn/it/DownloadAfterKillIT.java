package dev.cairn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testing.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A downloading node killed with SIGKILL (no shutdown of any kind) finishes the download by
 * itself when it is started again, from the blocks it had stored: separate processes of the
 * packaged {@code ./cairn}, the downloader capped at 4 MiB/s so the kill lands mid-download.
 */
class DownloadAfterKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void a_node_killed_mid_download_finishes_it_after_a_restart() throws Exception {
        Path seedData = dir.resolve("seed");
        Path data = dir.resolve("downloader");
        Process seed = LauncherProcess.builder(seedData, "start", "--host", "127.0.0.1", "--port", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("seed.log").toFile()).start();
        Process node = null;
        Process get = null;
        try {
            String seedUrl = QuickStartIT.awaitUrl(seedData, seed);
            Path file = TestData.writeRandomFile(dir.resolve("data.bin"), 32L << 20, 7);
            LauncherProcess.Result add = LauncherProcess.run(seedData, "add", file.toString());
            assertThat(add.exitCode()).as(add.stderr()).isZero();
            String cid = add.stdout().strip().split(" ")[1];

            node = startDownloader(data, seedUrl, true, "first");
            String url = QuickStartIT.awaitUrl(data, node);
            get = LauncherProcess.builder(data, "get", cid, "-o", dir.resolve("partial.bin").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("get.log").toFile()).start();
            String id = awaitTransfer(url, cid);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (storedBytes(data) < 8L << 20 && System.nanoTime() < deadline) Thread.sleep(100);
            assertThat(storedBytes(data)).as("blocks stored before the kill").isGreaterThanOrEqualTo(8L << 20);

            node.destroyForcibly(); // SIGKILL: the launcher execs the JVM, so this is the node itself
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
            get.waitFor(30, TimeUnit.SECONDS);
            long stored = storedBytes(data);
            assertThat(stored).as("killed mid-download").isLessThan(file.toFile().length());

            node = startDownloader(data, seedUrl, false, "second");
            JsonNode end = awaitEnd(url, id);
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
            assertThat(end.get("bytes_fetched").asLong()).as("only what was missing was fetched again")
                    .isLessThanOrEqualTo(file.toFile().length() - stored + (1 << 20));

            Path out = dir.resolve("fetched.bin");
            LauncherProcess.Result again = LauncherProcess.run(data, "get", cid, "-o", out.toString());
            assertThat(again.exitCode()).as(again.stderr()).isZero();
            assertThat(TestData.sha256Hex(out)).isEqualTo(TestData.sha256Hex(file));
        } finally {
            if (get != null) get.destroyForcibly();
            if (node != null) stop(node);
            stop(seed);
        }
    }

    private Process startDownloader(Path data, String seedUrl, boolean capped, String name) throws Exception {
        URI seed = URI.create(seedUrl);
        ProcessBuilder pb = LauncherProcess.builder(data, "start", "--host", "127.0.0.1", "--port", capped ? "0" : port(data),
                "--peers", seed.getHost() + ":" + seed.getPort());
        if (capped) pb.environment().put("CAIRN_NETWORK_MAX_DOWNLOAD_RATE", "4MiB");
        return pb.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    /** The port the killed node had: its node.json outlives it, and the transfer is asked for at the same address. */
    private static String port(Path data) throws Exception {
        return Integer.toString(URI.create(JSON.readTree(data.resolve("node.json").toFile()).get("url").asText()).getPort());
    }

    private static String awaitTransfer(String url, String cid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (JsonNode t : transfers(url)) if (t.get("cid").asText().equals(cid)) return t.get("id").asText();
            Thread.sleep(100);
        }
        throw new IllegalStateException("no transfer of " + cid + " appeared");
    }

    private static JsonNode awaitEnd(String url, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                for (JsonNode t : transfers(url)) {
                    if (t.get("id").asText().equals(id) && !t.get("state").asText().equals("running")) return t;
                }
            } catch (java.io.IOException notUpYet) {
                // the node is still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("transfer " + id + " did not end after the restart");
    }

    private static JsonNode transfers(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/transfers")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new java.io.IOException("transfers answered " + r.statusCode());
        return JSON.readTree(r.body());
    }

    private static long storedBytes(Path data) throws Exception {
        Path blocks = data.resolve("blocks");
        if (!Files.isDirectory(blocks)) return 0;
        try (Stream<Path> files = Files.walk(blocks)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.tmp/")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
    }
}
