package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.NodeFile;
import dev.cairn.api.ApiToken;
import dev.cairn.util.JsonFields;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The CLI's way to a running node of the same data directory: its HTTP API, with the token
 * from the data directory. Errors come back as the API's one-line message.
 *
 * <p>Built on {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: a command lives
 * for one or a few requests, and the newer client costs about 0.3 s of a cold start (it sets up
 * TLS even for plain HTTP, and its selector thread holds up the JVM's exit), which a
 * {@code cairn get} or {@code cairn list} would pay every time.
 */
final class NodeClient {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /** Made on first use, not when a command merely checks for a running node. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** A request body: its length (-1 when unknown) and how to write it. */
    interface Body {
        long length();

        void writeTo(OutputStream out) throws IOException;

        Body NONE = of(new byte[0]);

        static Body of(byte[] bytes) {
            return new Body() {
                public long length() {
                    return bytes.length;
                }

                public void writeTo(OutputStream out) throws IOException {
                    out.write(bytes);
                }
            };
        }

        static Body of(String text) {
            return of(text.getBytes(StandardCharsets.UTF_8));
        }

        /** A file, streamed: never held in memory whole. */
        static Body of(Path file) throws IOException {
            long size = Files.size(file);
            return new Body() {
                public long length() {
                    return size;
                }

                public void writeTo(OutputStream out) throws IOException {
                    Files.copy(file, out);
                }
            };
        }
    }

    private final String url;
    private final String token;

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

    JsonNode getJson(String path) throws IOException {
        return json(text(open("GET", path, Map.of(), null)));
    }

    JsonNode postJson(String path, Body body) throws IOException {
        return json(text(open("POST", path, Map.of(), body)));
    }

    /** The top-level fields of the node's JSON answer, without setting up an {@code ObjectMapper} (see {@link JsonFields}). */
    JsonFields getFields(String path) throws IOException {
        return fields(open("GET", path, Map.of(), null));
    }

    /** {@link #getFields}, for a POST. */
    JsonFields postFields(String path, Body body) throws IOException {
        return fields(open("POST", path, Map.of(), body));
    }

    void delete(String path) throws IOException {
        text(open("DELETE", path, Map.of(), null));
    }

    /** A streamed GET; the caller closes the stream. */
    InputStream getStream(String path, Map<String, String> headers) throws IOException {
        HttpURLConnection c = open("GET", path, headers, null);
        return answered(c).getInputStream();
    }

    /** Sends the request; the answer is read from the connection. */
    private HttpURLConnection open(String method, String path, Map<String, String> headers, Body body) throws IOException {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url + path).toURL().openConnection(java.net.Proxy.NO_PROXY);
            c.setRequestMethod(method);
            c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            c.setRequestProperty("Authorization", "Bearer " + token);
            headers.forEach(c::setRequestProperty);
            if (body != null) {
                c.setDoOutput(true);
                if (body.length() >= 0) c.setFixedLengthStreamingMode(body.length());
                else c.setChunkedStreamingMode(64 * 1024);
                try (OutputStream out = c.getOutputStream()) {
                    body.writeTo(out);
                } catch (IOException cut) {
                    // the node may have refused the body part way (too large, say) and said why: prefer its answer
                    try {
                        answered(c);
                    } catch (ApiError refused) {
                        throw refused;
                    } catch (IOException noAnswer) {
                        cut.addSuppressed(noAnswer);
                    }
                    throw cut;
                }
            }
            c.getResponseCode();
            return c;
        } catch (ApiError e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("cannot reach the node at " + url + ": " + e.getMessage(), e);
        }
    }

    /** {@code c} if it answered below 400, else its error as an {@link ApiError}. */
    private static HttpURLConnection answered(HttpURLConnection c) throws IOException {
        int status = c.getResponseCode();
        if (status < 400) return c;
        InputStream err = c.getErrorStream();
        String text = "";
        if (err != null) {
            try (err) {
                text = new String(err.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw failure(status, text);
    }

    private static String text(HttpURLConnection c) throws IOException {
        try (InputStream in = answered(c).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonFields fields(HttpURLConnection c) throws IOException {
        try (InputStream in = answered(c).getInputStream()) {
            return JsonFields.parse(in.readAllBytes());
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
