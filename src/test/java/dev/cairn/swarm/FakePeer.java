package dev.cairn.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.Node;
import dev.cairn.net.NodeIdentity;
import dev.cairn.net.Peers;
import dev.cairn.net.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A peer that is not Cairn, for misbehaviour Cairn cannot be made to show: it proves its
 * identity correctly, claims to hold every block, and answers block requests ({@code /ipfs/})
 * as the test's handler says; its library is empty unless the test gives it one.
 */
final class FakePeer implements AutoCloseable {
    private final NodeIdentity identity;
    private final HttpServer server;
    private volatile byte[] library;

    FakePeer(Path dir, HttpHandler blocks) throws IOException {
        this(dir, blocks, Duration.ZERO);
    }

    /** A peer that takes {@code handshakeDelay} to answer each handshake, and answers all else at once. */
    FakePeer(Path dir, HttpHandler blocks, Duration handshakeDelay) throws IOException {
        identity = NodeIdentity.loadOrCreate(dir);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        int port = server.getAddress().getPort();
        server.createContext("/discover", ex -> {
            JsonNode req = Peers.JSON.readTree(ex.getRequestBody());
            try {
                Thread.sleep(handshakeDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ObjectNode res = Peers.JSON.createObjectNode();
            res.putObject("peer").put("peer_id", identity.peerId()).put("host", "127.0.0.1").put("port", port);
            res.put("signature", Protocol.encode(identity.sign(Protocol.discoverPayload(req.path("challenge").asText(),
                    identity.peerId(), "127.0.0.1", port))));
            res.putObject("library").put("epoch", "fake").put("seq", 0);
            respond(ex, 200, res.toString().getBytes());
        });
        server.createContext("/cairn/v1/have", ex -> {
            JsonNode req = Peers.JSON.readTree(ex.getRequestBody());
            ObjectNode res = Peers.JSON.createObjectNode();
            var have = res.putArray("have");
            for (int i = 0; i < req.get("cids").size(); i++) have.add(true);
            respond(ex, 200, res.toString().getBytes());
        });
        server.createContext("/cairn/v1/library", ex -> {
            byte[] page = library;
            respond(ex, page == null ? 204 : 200, page == null ? new byte[0] : page);
        });
        server.createContext("/cairn/v1/", ex -> respond(ex, 204, new byte[0]));
        server.createContext("/ipfs/", blocks);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /**
     * Makes this peer's library the page {@code page} ({@code GET /cairn/v1/library}, as a
     * real node answers it), so that it lists what that page lists; before it is introduced.
     */
    void lists(byte[] page) {
        library = page;
    }

    String peerId() {
        return identity.peerId();
    }

    /** Introduces this peer to {@code node} the way any peer dials in. */
    HttpResponse<String> introduceTo(Node node) throws Exception {
        return Peers.post(node, "/discover", "{\"peer\":{\"peer_id\":\"" + identity.peerId() + "\",\"host\":\"127.0.0.1\",\"port\":"
                + server.getAddress().getPort() + "},\"challenge\":\"x\"}", false);
    }

    static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
