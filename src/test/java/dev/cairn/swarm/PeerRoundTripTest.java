package dev.cairn.swarm;

import static dev.cairn.net.Peers.livePeers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.Node;
import dev.cairn.net.Peers;
import dev.cairn.testing.TestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer's {@code rtt_ms} is what a request to it costs, not what its slowest answer took: a
 * handshake that took long (a busy or cold peer signing its answer) stops standing for the
 * round trip once quicker answers come from the same peer.
 */
class PeerRoundTripTest {
    private static final Duration HANDSHAKE = Duration.ofMillis(600);

    @TempDir
    Path dir;

    @Test
    void a_slow_handshake_stops_standing_for_the_round_trip_once_the_peer_answers_quicker() throws Exception {
        byte[] content = TestData.sha256ctrBytes(6 << 20); // 6 leaves of 1 MiB
        AtomicInteger asked = new AtomicInteger();
        // it says it has every block, and then has none: quick answers all the same
        FakePeer slowToGreet = new FakePeer(dir.resolve("fake"), ex -> {
            asked.incrementAndGet();
            FakePeer.respond(ex, 412, new byte[0]);
        }, HANDSHAKE);
        // the honest node sends at 4 MiB/s, so it cannot finish the download before the fake's
        // have answer comes and the fake is asked for blocks too
        SwarmOptions slowUpload = new SwarmOptions(4, 32, 4 << 20, 0, Duration.ofSeconds(60));
        try (slowToGreet; Node honest = Peers.start(dir.resolve("honest"), slowUpload); Node d = Peers.start(dir.resolve("d"), honest)) {
            String cid = SwarmTest.add(honest, content);
            SwarmTest.awaitListedBy(d, 1);
            assertThat(slowToGreet.introduceTo(d).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> livePeers(d).contains(slowToGreet.peerId()));
            assertThat(rttOf(d, slowToGreet.peerId())).as("only the handshake measured so far").isGreaterThanOrEqualTo(HANDSHAKE.toMillis());

            JsonNode end = SwarmTest.awaitEnd(d, SwarmTest.transfer(d, cid, false).get("id").asText());
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
            assertThat(asked.get()).as("the fake was asked for blocks").isPositive();
            assertThat(rttOf(d, slowToGreet.peerId())).as("its have answer and 412s came at loopback speed")
                    .isLessThan(HANDSHAKE.toMillis() / 2.0);
        }
    }

    private static double rttOf(Node node, String peerId) throws Exception {
        for (JsonNode p : Peers.getJson(node, "/peers")) {
            if (p.get("peer_id").asText().equals(peerId)) return p.get("rtt_ms").asDouble();
        }
        throw new AssertionError(peerId + " is not among the peers of " + node.peerId());
    }
}
