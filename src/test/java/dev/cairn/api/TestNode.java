package dev.cairn.api;

import dev.cairn.Node;
import dev.cairn.NodeSettings;
import dev.cairn.store.Quota;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real node on 127.0.0.1 and an OS-assigned port, with a real HTTP client. */
final class TestNode implements AutoCloseable {
    final Node node;
    final Path dataDir;
    final String token;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestNode(Path dataDir, ServerOptions options) throws IOException {
        this.dataDir = dataDir;
        this.node = Node.start(NodeSettings.of(dataDir, options, Quota.UNLIMITED));
        this.token = Files.readString(dataDir.resolve("api.token")).strip();
    }

    static TestNode start(Path dataDir) throws IOException {
        return new TestNode(dataDir, ServerOptions.defaults("127.0.0.1", 0));
    }

    URI uri(String path) {
        return URI.create(node.url() + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
        HttpRequest.Builder b = request(path);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> upload(byte[] body, String query) throws Exception {
        return http.send(request("/api/v1/items" + query).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws IOException {
        node.close();
    }
}
