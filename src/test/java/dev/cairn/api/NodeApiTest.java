package dev.cairn.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.TestData;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeApiTest {
    @TempDir
    Path dir;

    TestNode node;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(dir.resolve("data"));
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) node.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode e = json(r).get("error");
        assertThat(e.get("status").asInt()).isEqualTo(status);
        assertThat(e.get("code").asText()).isEqualTo(code);
        assertThat(e.get("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }

    byte[] bytes(int size, long seed) throws Exception {
        return Files.readAllBytes(TestData.writeRandomFile(dir.resolve("f" + seed), size, seed));
    }

    @Test
    void ping_health_and_status_answer_in_the_seed_shapes() throws Exception {
        assertThat(node.get("/ping").body()).isEqualTo("{\"status\":\"ok\"}");
        JsonNode health = json(node.get("/health"));
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("version").asText()).startsWith("0.1.0");
        assertThat(health.get("components").get("store").get("status").asText()).isEqualTo("ok");
        assertThat(health.get("components").get("database").get("status").asText()).isEqualTo("ok");
        JsonNode status = json(node.get("/status"));
        assertThat(status.get("peer_id").asText()).startsWith("12D3KooW").isEqualTo(node.node.peerId());
        assertThat(status.get("tracks").asInt()).isZero();
        assertThat(status.get("uptime_seconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(json(node.get("/peers")).isArray()).isTrue();
    }

    @Test
    void metrics_are_exported_from_the_start_and_count_downloads() throws Exception {
        String fresh = node.get("/metrics").body();
        assertThat(fresh).contains("cairn_peers_count 0.0", "cairn_tracks_count 0.0", "cairn_content_size_bytes 0.0",
                "cairn_downloads_total 0.0", "cairn_upload_bytes_total 0.0", "cairn_http_request_duration_seconds_bucket",
                "jvm_memory_used_bytes");
        String cid = json(node.upload(bytes(4096, 9), "?name=m.bin")).get("cid").asText();
        node.getBytes("/content/" + cid);
        node.getBytes("/content/" + cid, "Range", "bytes=0-99");
        String after = node.get("/metrics").body();
        assertThat(after).contains("cairn_tracks_count 1.0", "cairn_content_size_bytes 4096.0", "cairn_downloads_total 2.0",
                "cairn_upload_bytes_total 4196.0");
        assertThat(after).containsPattern("cairn_http_request_duration_seconds_count\\{method=\"GET\",route=\"/content/\\{id\\}\",status=\"206\"\\} 1");
    }

    @Test
    void writes_without_the_token_are_refused_and_change_nothing() throws Exception {
        HttpResponse<String> r = node.http.send(node.request("/api/v1/items").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(r, 401, "unauthorized");
        HttpResponse<String> wrong = node.http.send(node.request("/api/v1/gc").header("Authorization", "Bearer nope")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertError(wrong, 401, "unauthorized");
        assertThat(json(node.get("/tracks")).size()).isZero();
    }

    @Test
    void an_upload_becomes_a_track_found_by_search_and_filters() throws Exception {
        byte[] song = bytes(2_500_000, 1);
        HttpResponse<String> r = node.upload(song, "?name=song.mp3&title=Blue%20Monday&artist=New%20Order&album=Power&genre=synth&year=1983");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode item = json(r);
        assertThat(item.get("content_hash").asText()).isEqualTo(TestData.sha256Hex(song));
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/items/" + item.get("cid").asText());
        node.upload(bytes(1000, 2), "?name=other.bin&title=Other&artist=Someone");

        JsonNode all = json(node.get("/tracks"));
        assertThat(all.size()).isEqualTo(2);
        JsonNode found = json(node.get("/tracks?q=monday"));
        assertThat(found.size()).isEqualTo(1);
        JsonNode track = found.get(0);
        assertThat(track.get("title").asText()).isEqualTo("Blue Monday");
        assertThat(track.get("artist").asText()).isEqualTo("New Order");
        assertThat(track.get("content_hash").asText()).isEqualTo(TestData.sha256Hex(song));
        assertThat(track.get("size").asLong()).isEqualTo(song.length);
        assertThat(track.get("cid").asText()).isEqualTo(item.get("cid").asText());
        assertThat(json(node.get("/tracks?artist=new%20order")).size()).isEqualTo(1);
        assertThat(json(node.get("/tracks?q=%22%29%28*")).size()).isZero();
        HttpResponse<String> paged = node.get("/tracks?limit=1&offset=1");
        assertThat(json(paged).size()).isEqualTo(1);
        assertThat(paged.headers().firstValue("X-Total-Count")).hasValue("2");
        assertError(node.get("/tracks?limit=0"), 400, "invalid_parameter");
    }

    @Test
    void content_serves_whole_files_and_every_kind_of_range() throws Exception {
        byte[] data = bytes(3 * 1024 * 1024 + 17, 3);
        String cid = json(node.upload(data, "?name=x.bin")).get("cid").asText();
        String sha = TestData.sha256Hex(data);
        int n = data.length;

        HttpResponse<byte[]> whole = node.getBytes("/content/" + sha);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(data);
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("ETag")).hasValue("\"" + cid + "\"");
        assertThat(node.getBytes("/content/" + cid).body()).isEqualTo(data);

        assertRange(cid, "bytes=0-0", 0, 1, n, data);
        assertRange(cid, "bytes=" + (n - 1) + "-" + (n - 1), n - 1, 1, n, data);
        assertRange(cid, "bytes=-1", n - 1, 1, n, data);
        assertRange(cid, "bytes=-500", n - 500, 500, n, data);
        assertRange(cid, "bytes=1048570-", 1048570, n - 1048570, n, data);
        assertRange(cid, "bytes=1048570-1048590", 1048570, 21, n, data);
        assertRange(cid, "bytes=100-" + (n + 1000), 100, n - 100, n, data);

        HttpResponse<byte[]> past = node.getBytes("/content/" + cid, "Range", "bytes=" + n + "-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */" + n);
        assertThat(node.getBytes("/content/" + cid, "Range", "bytes=-0").statusCode()).isEqualTo(416);
        assertThat(node.getBytes("/content/" + cid, "Range", "bytes=0-1,5-6").statusCode()).isEqualTo(200);
        assertThat(node.getBytes("/content/" + cid, "Range", "pages=1-2").statusCode()).isEqualTo(200);
    }

    void assertRange(String cid, String range, long start, int length, int size, byte[] data) throws Exception {
        HttpResponse<byte[]> r = node.getBytes("/content/" + cid, "Range", range);
        assertThat(r.statusCode()).as(range).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).as(range).hasValue("bytes " + start + "-" + (start + length - 1) + "/" + size);
        assertThat(r.body()).as(range).isEqualTo(Arrays.copyOfRange(data, (int) start, (int) start + length));
    }

    @Test
    void an_empty_file_is_served_and_has_no_satisfiable_range() throws Exception {
        String cid = json(node.upload(new byte[0], "?name=empty")).get("cid").asText();
        HttpResponse<byte[]> r = node.getBytes("/content/" + cid);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-Length")).hasValue("0");
        HttpResponse<byte[]> range = node.getBytes("/content/" + cid, "Range", "bytes=0-");
        assertThat(range.statusCode()).isEqualTo(416);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes */0");
    }

    @Test
    void conditional_requests_and_head_work() throws Exception {
        byte[] data = bytes(5000, 4);
        String cid = json(node.upload(data, "?name=a.txt")).get("cid").asText();
        HttpResponse<byte[]> notModified = node.getBytes("/content/" + cid, "If-None-Match", "\"" + cid + "\"");
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(node.getBytes("/content/" + cid, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> ifRangeStale = node.getBytes("/content/" + cid, "Range", "bytes=0-9", "If-Range", "\"other\"");
        assertThat(ifRangeStale.statusCode()).isEqualTo(200);
        assertThat(ifRangeStale.body()).hasSize(5000);

        HttpResponse<byte[]> head = node.http.send(node.request("/content/" + cid).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("5000");
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("a.txt"));
    }

    @Test
    void bad_and_unknown_ids_get_400_and_404() throws Exception {
        assertError(node.get("/content/not-a-cid"), 400, "invalid_id");
        assertError(node.get("/content/" + "ab".repeat(32)), 404, "not_found");
        assertError(node.get("/content/bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq"), 404, "not_found");
        assertError(node.get("/no/such/endpoint"), 404, "not_found");
        assertError(node.get("/api/v1/items/" + "cd".repeat(32)), 404, "not_found");
    }

    @Test
    void an_upload_cut_off_mid_body_leaves_no_item_and_no_blocks() throws Exception {
        try (Socket s = new Socket("127.0.0.1", node.node.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/items?name=cut.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + node.token
                    + "\r\nContent-Length: 8000000\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes(3_000_000, 5));
            out.flush();
            // The server is now waiting for the other 5 MB, with the upload's spool file
            // (.upload-*.part, made when the add starts, removed when it ends) open. Waiting for
            // it here, before the cut, shows the add really started; watching for it after the
            // cut raced an add that fails and cleans up within milliseconds.
            await().atMost(Duration.ofSeconds(15)).until(() -> spoolFiles() > 0);
            s.setSoLinger(true, 0); // the close below resets the connection, as a dropped link would
        }
        // The server notices the reset, fails the add and rolls it back.
        await().atMost(Duration.ofSeconds(15)).until(() -> spoolFiles() == 0);
        assertThat(blockFiles()).isZero();
        assertThat(tempFiles()).isZero();
        assertThat(json(node.get("/tracks")).size()).isZero();
        assertThat(node.node.repo().pins().list()).isEmpty();
    }

    @Test
    void two_concurrent_uploads_of_one_file_store_it_once() throws Exception {
        byte[] data = bytes(6_000_000, 6);
        List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            uploads.add(node.http.sendAsync(node.request("/api/v1/items?name=same.bin").header("Authorization", "Bearer " + node.token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> cids = new ArrayList<>();
        for (var f : uploads) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            cids.add(json(r).get("cid").asText());
        }
        assertThat(cids.get(0)).isEqualTo(cids.get(1));
        assertThat(json(node.get("/tracks")).size()).isEqualTo(1);
        long onDisk;
        try (Stream<Path> files = Files.walk(node.dataDir.resolve("blocks"), 2)) {
            onDisk = files.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().length() == 2)
                    .mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(node.node.repo().blocks().usedBytes()).isEqualTo(onDisk);
        assertThat(node.getBytes("/content/" + cids.get(0)).body()).isEqualTo(data);
    }

    @Test
    void items_can_be_edited_and_deleted_through_the_api() throws Exception {
        String cid = json(node.upload(bytes(1000, 7), "?name=a.bin&title=Old")).get("cid").asText();
        HttpResponse<String> patched = node.http.send(node.request("/api/v1/items/" + cid).header("Authorization", "Bearer " + node.token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"New\",\"custom\":{\"isrc\":\"US1234567890\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(json(patched).get("title").asText()).isEqualTo("New");
        assertThat(json(patched).get("custom").get("isrc").asText()).isEqualTo("US1234567890");
        HttpResponse<String> badPatch = node.http.send(node.request("/api/v1/items/" + cid).header("Authorization", "Bearer " + node.token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"titel\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(badPatch, 400, "invalid_json");

        HttpResponse<String> deleted = node.http.send(node.request("/api/v1/items/" + cid).header("Authorization", "Bearer " + node.token)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(json(node.get("/tracks")).size()).isZero();
        assertThat(node.node.repo().pins().list()).isEmpty();
    }

    @Test
    void verify_runs_as_a_job_with_progress() throws Exception {
        node.upload(bytes(3_000_000, 8), "?name=v.bin");
        HttpResponse<String> started = node.http.send(node.request("/api/v1/verify").header("Authorization", "Bearer " + node.token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonNode job = json(node.get(location));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (job.get("state").asText().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            job = json(node.get(location));
        }
        assertThat(job.get("state").asText()).isEqualTo("done");
        assertThat(job.get("result").get("ok").asBoolean()).isTrue();
        assertThat(job.get("progress").get("done").asLong()).isEqualTo(job.get("progress").get("total").asLong()).isPositive();
    }

    long blockFiles() throws Exception {
        try (Stream<Path> files = Files.walk(node.dataDir.resolve("blocks"), 2)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().length() == 2).count();
        }
    }

    long spoolFiles() throws Exception {
        try (Stream<Path> files = Files.list(node.dataDir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".upload-")).count();
        }
    }

    long tempFiles() throws Exception {
        try (Stream<Path> files = Files.list(node.dataDir.resolve("blocks/.tmp"))) {
            return files.count();
        }
    }
}
