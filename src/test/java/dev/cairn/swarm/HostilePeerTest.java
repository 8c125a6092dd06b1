package dev.cairn.swarm;

import static dev.cairn.net.Peers.getJson;
import static dev.cairn.net.Peers.livePeers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.Node;
import dev.cairn.net.Peers;
import dev.cairn.testing.TestData;
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
 * block request with wrong bytes of the right length (a {@link FakePeer}: Cairn cannot be made
 * to lie).
 */
class HostilePeerTest {
    @TempDir
    Path dir;

    @Test
    void bad_blocks_are_never_stored_or_served_and_the_liar_is_dropped() throws Exception {
        byte[] content = TestData.sha256ctrBytes(12 << 20);
        AtomicInteger blocksSent = new AtomicInteger();
        FakePeer liar = new FakePeer(dir.resolve("liar"), ex -> {
            blocksSent.incrementAndGet();
            byte[] junk = new byte[1 << 20];
            new Random().nextBytes(junk);
            FakePeer.respond(ex, 200, junk);
        });
        String liarId = liar.peerId();
        try (Node honest = Peers.start(dir.resolve("honest")); Node d = Peers.start(dir.resolve("d"), honest)) {
            String cid = SwarmTest.add(honest, content);
            // the downloader learns of the liar as it would of any peer
            var res = liar.introduceTo(d);
            assertThat(res.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> livePeers(d).contains(liarId)
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
            assertThat(metrics).contains("cairn_swarm_peer_failures_total{peer=\"" + liarId + "\"}");

            // A liar is left out of a download at its first bad block, so one download may get
            // fewer than three from it: more downloads, each of which asks it, until it has sent
            // three and is dropped.
            for (int more = 0; more < 3 && getJson(d, "/peers").toString().contains(liarId); more++) {
                byte[] other = new byte[8 << 20];
                new Random(more).nextBytes(other);
                String next = SwarmTest.add(honest, other);
                JsonNode again = SwarmTest.awaitEnd(d, SwarmTest.transfer(d, next, true).get("id").asText());
                assertThat(again.get("state").asText()).as(again.toString()).isEqualTo("done");
            }
            assertThat(blocksSent.get()).as("bad blocks the liar sent").isGreaterThanOrEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> !getJson(d, "/peers").toString().contains(liarId));
            liar.introduceTo(d);
            Thread.sleep(2500);
            assertThat(getJson(d, "/peers").toString()).doesNotContain(liarId);
        } finally {
            liar.close();
        }
    }
}
