package dev.cairn.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitTest {
    @TempDir
    Path dir;

    @Test
    void writes_past_the_limit_get_429_with_retry_after() throws Exception {
        ServerOptions options = new ServerOptions("127.0.0.1", 0, 3, 0, 1 << 20, 0, 16 * 1024, Duration.ofSeconds(30), true);
        try (TestNode node = new TestNode(dir.resolve("data"), options)) {
            for (int i = 0; i < 3; i++) assertThat(gc(node).statusCode()).isEqualTo(200);
            HttpResponse<String> limited = gc(node);
            NodeApiTest.assertError(limited, 429, "rate_limited");
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
            assertThat(node.get("/ping").statusCode()).as("reads are not limited by the write limit").isEqualTo(200);
        }
    }

    private static HttpResponse<String> gc(TestNode node) throws Exception {
        return node.http.send(node.request("/api/v1/gc").header("Authorization", "Bearer " + node.token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
