package dev.cairn.swarm;

import static dev.cairn.net.Peers.getJson;
import static dev.cairn.net.Peers.livePeers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.Node;
import dev.cairn.net.NodeIdentity;
import dev.cairn.net.Peers;
import dev.cairn.net.Protocol;
import dev.cairn.testing.TestData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that proves its identity correctly, claims to hold every block, and answers every
 * block request with wrong bytes of the right length. It is not Cairn (Cairn cannot be made to
 * lie), so it is a small server of its own here.
 */
class HostilePeerTest {
    @TempDir
    Path dir;

    @Test
    void bad_blocks_are_never_stored_or_served_and_the_liar_is_dropped() throws Exception {
        byte[] content = TestData.sha256ctrBytes(12 << 20);
        NodeIdentity liarId = NodeIdentity.loadOrCreate(dir.resolve("liar"));
        AtomicInteger blocksSent = new AtomicInteger();
        HttpServer liar = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        int liarPort = liar.getAddress().getPort();
        liar.createContext("/discover", ex -> {
            JsonNode req = Peers.JSON.readTree(ex.getRequestBody());
            ObjectNode res = Peers.JSON.createObjectNode();
            res.putObject("peer").put("peer_id", liarId.peerId()).put("host", "127.0.0.1").put("port", liarPort);
            res.put("signature", Protocol.encode(liarId.sign(Protocol.discoverPayload(req.path("challenge").asText(),
                    liarId.peerId(), "127.0.0.1", liarPort))));
            res.putObject("library").put("epoch", "liar").put("seq", 0);
            respond(ex, 200, res.toString().getBytes());
        });
        liar.createContext("/cairn/v1/have", ex -> {
            JsonNode req = Peers.JSON.readTree(ex.getRequestBody());
            ObjectNode res = Peers.JSON.createObjectNode();
            var have = res.putArray("have");
            for (int i = 0; i < req.get("cids").size(); i++) have.add(true);
            respond(ex, 200, res.toString().getBytes());
        });
        liar.createContext("/cairn/v1/", ex -> respond(ex, 204, new byte[0]));
        liar.createContext("/ipfs/", ex -> {
            blocksSent.incrementAndGet();
            byte[] junk = new byte[1 << 20];
            new Random().nextBytes(junk);
            respond(ex, 200, junk);
        });
        liar.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        liar.start();
        try (Node honest = Peers.start(dir.resolve("honest")); Node d = Peers.start(dir.resolve("d"), honest)) {
            String cid = SwarmTest.add(honest, content);
            // the downloader learns of the liar as it would of any peer
            var res = Peers.post(d, "/discover", "{\"peer\":{\"peer_id\":\"" + liarId.peerId() + "\",\"host\":\"127.0.0.1\",\"port\":"
                    + liarPort + "},\"challenge\":\"x\"}", false);
            assertThat(res.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> livePeers(d).contains(liarId.peerId())
                    && livePeers(d).contains(honest.peerId()));

            JsonNode end = SwarmTest.awaitEnd(d, SwarmTest.transfer(d, cid, true).get("id").asText());
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
            assertThat(blocksSent.get()).as("the liar was asked").isPositive();
            assertThat(d.repo().verify().problems()).isEmpty();
            var got = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(d.url() + "/content/" + cid)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(TestData.sha256Hex(got.body())).isEqualTo(TestData.sha256Hex(content));

            String metrics = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(d.url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern("cairn_swarm_bad_blocks_total [1-9]");
            assertThat(metrics).contains("cairn_swarm_peer_failures_total{peer=\"" + liarId.peerId() + "\"}");

            // after three bad blocks it is dropped, and refused when it comes back
            await().atMost(Duration.ofSeconds(10)).until(() -> !getJson(d, "/peers").toString().contains(liarId.peerId()));
            Peers.post(d, "/discover", "{\"peer\":{\"peer_id\":\"" + liarId.peerId() + "\",\"host\":\"127.0.0.1\",\"port\":"
                    + liarPort + "},\"challenge\":\"x\"}", false);
            Thread.sleep(2500);
            assertThat(getJson(d, "/peers").toString()).doesNotContain(liarId.peerId());
        } finally {
            liar.stop(0);
        }
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
        ex.close();
    }
}
