package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.testing.CairnProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log.format: json}: a real node process writes one JSON object per line to its console, cairn.log and access.log. */
class JsonLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void every_log_line_is_a_json_object_with_level_logger_and_message_and_requests_reach_the_access_log() throws Exception {
        Path data = dir.resolve("data");
        ProcessBuilder pb = CairnProcess.builder(List.of(), data, "start", "--port", "0");
        pb.environment().put("CAIRN_LOG_FORMAT", "json");
        pb.redirectErrorStream(true);
        Path console = dir.resolve("console.log");
        pb.redirectOutput(console.toFile());
        Process node = pb.start();
        try {
            Path nodeFile = data.resolve("node.json");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(nodeFile) && System.nanoTime() < deadline && node.isAlive()) Thread.sleep(50);
            assertThat(nodeFile).as(Files.exists(console) ? Files.readString(console) : "no output").exists();
            String url = JSON.readTree(Files.readString(nodeFile)).get("url").asText();
            HttpResponse<String> ping = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/ping"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ping.statusCode()).isEqualTo(200);
        } finally {
            node.destroy(); // SIGTERM: the node shuts down in order and flushes its logs
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(node.exitValue()).isZero();

        List<JsonNode> main = jsonLines(data.resolve("logs/cairn.log"));
        assertThat(main).isNotEmpty();
        for (JsonNode line : main) assertThat(line.has("timestamp") && line.has("level") && line.has("loggerName") && line.has("formattedMessage")).as(line.toString()).isTrue();
        assertThat(main).anyMatch(l -> l.get("formattedMessage").asText().contains("listening on"));
        assertThat(jsonLines(data.resolve("logs/access.log"))).anyMatch(l -> l.get("formattedMessage").asText().contains("GET /ping 200"));
        // the console: JSON lines too, apart from the one line `cairn start` prints for people
        List<String> consoleLines = Files.readAllLines(console).stream().filter(l -> !l.startsWith("Cairn node ")).toList();
        assertThat(consoleLines).isNotEmpty().allSatisfy(l -> assertThat(JSON.readTree(l).isObject()).as(l).isTrue());
    }

    private static List<JsonNode> jsonLines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (l.isBlank()) continue;
            JsonNode n = JSON.readTree(l);
            assertThat(n.isObject()).as(file + ": " + l).isTrue();
            out.add(n);
        }
        return out;
    }
}
