package dev.cairn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Body and header limits, and the browser (multipart) form of an upload. */
class LimitsTest {
    @TempDir
    Path dir;

    TestNode start(long maxUpload) throws Exception {
        return new TestNode(dir.resolve("data"),
                new ServerOptions("127.0.0.1", 0, 100, 0, 1 << 20, maxUpload, 8 * 1024, Duration.ofSeconds(30), true));
    }

    @Test
    void an_upload_over_the_body_limit_gets_413_and_stores_nothing() throws Exception {
        try (TestNode node = start(100_000)) {
            NodeApiTest.assertError(node.upload(new byte[200_000], "?name=big.bin"), 413, "too_large");
            // without a declared length (chunked), the limit is enforced while reading
            HttpResponse<String> chunked = node.http.send(node.request("/api/v1/items?name=big.bin")
                    .header("Authorization", "Bearer " + node.token)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[300_000]))).build(),
                    HttpResponse.BodyHandlers.ofString());
            NodeApiTest.assertError(chunked, 413, "too_large");
            assertThat(node.upload(new byte[50_000], "?name=small.bin").statusCode()).isEqualTo(201);
            try (Stream<Path> files = Files.walk(node.dataDir.resolve("blocks"), 2)) {
                long blocks = files.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().length() == 2).count();
                assertThat(blocks).as("only the small upload's block").isEqualTo(1);
            }
        }
    }

    @Test
    void request_headers_over_the_limit_are_refused() throws Exception {
        try (TestNode node = start(0)) {
            HttpResponse<String> r = node.http.send(node.request("/ping").header("X-Big", "x".repeat(20_000)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(431);
        }
    }

    @Test
    void a_browser_form_upload_becomes_an_item_with_its_fields() throws Exception {
        try (TestNode node = start(0)) {
            String boundary = "cairnboundary42";
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nForm Song\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"artist\"\r\n\r\nForm Artist\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"form.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\nhello from a form\n\r\n--" + boundary + "--\r\n";
            HttpResponse<String> r = node.http.send(node.request("/api/v1/items").header("Authorization", "Bearer " + node.token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            var item = NodeApiTest.json(r);
            assertThat(item.get("name").asText()).isEqualTo("form.txt");
            assertThat(item.get("title").asText()).isEqualTo("Form Song");
            assertThat(item.get("artist").asText()).isEqualTo("Form Artist");
            assertThat(node.getBytes("/content/" + item.get("cid").asText()).body())
                    .isEqualTo("hello from a form\n".getBytes(StandardCharsets.UTF_8));
        }
    }
}
