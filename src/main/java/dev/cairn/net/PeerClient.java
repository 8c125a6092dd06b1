package dev.cairn.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.content.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP side of talking to peers: one pooled JDK client (HTTP/1.1 keep-alive) for the
 * handshake, library pages, availability queries and announcements, and a {@link
 * BlockHttpClient} for blocks. Every
 * answer is size-capped and parsed strictly by the caller; a peer is never trusted.
 */
public final class PeerClient implements AutoCloseable {
    /** Largest JSON answer read from a peer: a library page of 500 items fits easily. */
    static final int MAX_JSON = 4 << 20;
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final BlockHttpClient blocks;
    private final String selfId;
    private final Duration timeout;

    public PeerClient(String selfId, Duration timeout) {
        this.selfId = selfId;
        this.timeout = timeout;
        // The client's own executor (platform threads) completes responses: on virtual threads,
        // a response waited for a free carrier whenever class loading pinned them (see Swarm#workers).
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.blocks = new BlockHttpClient(selfId, timeout);
    }

    /** Where blocks and CARs are fetched: a lighter client than the JSON calls' (see {@link BlockHttpClient}). */
    public BlockHttpClient blocks() {
        return blocks;
    }

    public String selfId() {
        return selfId;
    }

    public HttpRequest.Builder request(PeerAddress to, String path) {
        return HttpRequest.newBuilder(to.uri(path)).timeout(timeout).header(Protocol.PEER_HEADER, selfId);
    }

    JsonNode discover(PeerAddress to, ObjectNode body) throws IOException {
        return send(request(to, "/discover").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
    }

    JsonNode library(PeerAddress to, long since, int limit) throws IOException {
        return send(request(to, Protocol.PREFIX + "/library?since=" + since + "&limit=" + limit).GET().build());
    }

    void announce(PeerAddress to, ObjectNode body) throws IOException {
        send(request(to, Protocol.PREFIX + "/announce").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
    }

    /** Which of {@code cids} the peer holds, in order. */
    public boolean[] have(PeerAddress to, List<Cid> cids) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        var arr = body.putArray("cids");
        cids.forEach(c -> arr.add(c.toString()));
        JsonNode res = send(request(to, Protocol.PREFIX + "/have").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
        JsonNode have = res.get("have");
        if (have == null || !have.isArray() || have.size() != cids.size()) {
            throw new IOException("peer " + to + " answered have with a malformed list");
        }
        boolean[] out = new boolean[cids.size()];
        for (int i = 0; i < out.length; i++) out[i] = have.get(i).asBoolean(false);
        return out;
    }

    /**
     * Opens up to {@code connections} connections for the JSON calls (the {@code have}
     * questions) to a peer ahead of need, by sending that many {@code GET /ping} at once; each
     * then waits in the pool. Fire and forget: if it fails, requests open their own. Blocks
     * have their own: {@link BlockHttpClient#warm}.
     */
    public void warm(PeerAddress to, int connections) {
        for (int i = 0; i < connections; i++) {
            http.sendAsync(request(to, "/ping").GET().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private JsonNode send(HttpRequest request) throws IOException {
        return send(request, (sent, received) -> {});
    }

    /** Counts what one exchange cost: bytes sent and received (request line, headers and bodies, without TCP/IP framing). */
    @FunctionalInterface
    public interface Traffic {
        void exchanged(long sentBytes, long receivedBytes);
    }

    /**
     * Sends {@code request} and parses the JSON answer, at most {@link #MAX_JSON} bytes; a non-2xx
     * answer is a {@link PeerException} with its status. {@code traffic} hears the cost of the
     * exchange, answered or not.
     */
    public JsonNode send(HttpRequest request, Traffic traffic) throws IOException {
        URI uri = request.uri();
        HttpResponse<InputStream> res;
        try {
            res = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream in = res.body()) {
            byte[] body = in.readNBytes(MAX_JSON + 1);
            traffic.exchanged(requestBytes(request), headerBytes(res) + body.length);
            if (body.length > MAX_JSON) throw new IOException(uri + " answered with more than " + MAX_JSON + " bytes");
            if (res.statusCode() / 100 != 2) {
                throw new PeerException(res.statusCode(), uri + " answered " + res.statusCode());
            }
            if (body.length == 0) return JSON.createObjectNode();
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IOException(uri + " answered with malformed JSON", e);
            }
        }
    }

    /** Request line and headers, roughly as they go on the wire (the client adds a few of its own). */
    private static long requestBytes(HttpRequest req) {
        URI u = req.uri();
        long n = req.method().length() + 1 + u.getRawPath().length() + (u.getRawQuery() == null ? 0 : u.getRawQuery().length() + 1)
                + 11 + 8 + u.getHost().length() + 8;
        for (var h : req.headers().map().entrySet()) for (String v : h.getValue()) n += h.getKey().length() + v.length() + 4;
        return n + 60; // connection, user-agent and the like
    }

    private static long headerBytes(HttpResponse<?> res) {
        long n = 17;
        for (var h : res.headers().map().entrySet()) for (String v : h.getValue()) n += h.getKey().length() + v.length() + 4;
        return n + 2;
    }

    /** A peer answered with an HTTP error status. */
    public static final class PeerException extends IOException {
        private final int status;

        PeerException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    @Override
    public void close() {
        // not close(), which waits for every request in flight: one stalled peer would hold a
        // stopping node up until its body timeout
        http.shutdownNow();
        blocks.close();
    }
}
