package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.NodeFile;
import dev.cairn.api.ApiToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The CLI's way to a running node of the same data directory: its HTTP API, with the token
 * from the data directory. Errors come back as the API's one-line message.
 */
final class NodeClient {
    /** Made on first use, not when a command merely checks for a running node. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final String url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private NodeClient(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /** A client for the node running on {@code dataDir}, if one runs. */
    static Optional<NodeClient> forDataDir(Path dataDir) throws IOException {
        Optional<NodeFile> node = NodeFile.running(dataDir);
        if (node.isEmpty()) return Optional.empty();
        Path tokenFile = ApiToken.file(dataDir);
        String token = Files.isReadable(tokenFile) ? Files.readString(tokenFile).strip() : "";
        return Optional.of(new NodeClient(node.get().url(), token));
    }

    String url() {
        return url;
    }

    static String query(Map<String, String> params) {
        StringJoiner q = new StringJoiner("&", "?", "");
        q.setEmptyValue("");
        params.forEach((k, v) -> {
            if (v != null) q.add(enc(k) + "=" + enc(v));
        });
        return q.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token);
    }

    JsonNode getJson(String path) throws IOException {
        return json(send(request(path).GET().build()));
    }

    JsonNode postJson(String path, HttpRequest.BodyPublisher body) throws IOException {
        return json(send(request(path).POST(body).build()));
    }

    void delete(String path) throws IOException {
        send(request(path).DELETE().build());
    }

    /** A streamed GET; the caller closes the stream. */
    InputStream getStream(String path, Map<String, String> headers) throws IOException {
        HttpRequest.Builder b = request(path).GET();
        headers.forEach(b::header);
        HttpResponse<InputStream> r = call(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() >= 400) {
            try (InputStream in = r.body()) {
                throw failure(r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return r.body();
    }

    private String send(HttpRequest request) throws IOException {
        HttpResponse<String> r = call(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) throw failure(r.statusCode(), r.body());
        return r.body();
    }

    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while talking to the node at " + url);
        } catch (IOException e) {
            throw new IOException("cannot reach the node at " + url + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode json(String body) throws IOException {
        return body.isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(body);
    }

    /** The API's error message, as the local commands would word it. */
    private static ApiError failure(int status, String body) {
        try {
            JsonNode e = Json.MAPPER.readTree(body).get("error");
            if (e != null) return new ApiError(status, e.get("message").asText());
        } catch (IOException ignored) {
            // not JSON: fall through
        }
        return new ApiError(status, "node answered HTTP " + status);
    }

    /** An error answer from the node, with its HTTP status. */
    static final class ApiError extends IOException {
        final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
