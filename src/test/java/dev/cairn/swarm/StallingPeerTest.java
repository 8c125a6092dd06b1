package dev.cairn.swarm;

import static dev.cairn.net.Peers.livePeers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.Node;
import dev.cairn.net.Peers;
import dev.cairn.testing.TestData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link FakePeer} that stops part way through every block it sends, as on a dead
 * connection, for longer than the test lasts. Neither a reader streaming the file nor the
 * download may wait for it; both finish from the honest peer.
 */
class StallingPeerTest {
    @TempDir
    Path dir;

    /** Block bodies may take two minutes: a stall is never cut by the timeout within these tests. */
    private static final SwarmOptions PATIENT = new SwarmOptions(4, 32, 0, 0, Duration.ofMinutes(2));

    /** Block requests the staller has had. */
    private final AtomicInteger asked = new AtomicInteger();
    /** Lets the staller's answers end, when the test is over. */
    private final CountDownLatch released = new CountDownLatch(1);

    /**
     * A peer whose every block answer starts, then stops part way, as on a connection that
     * died, until {@link #released}: only the body timeout would end it.
     */
    private FakePeer staller() throws IOException {
        return new FakePeer(dir.resolve("staller"), ex -> {
            asked.incrementAndGet();
            try {
                ex.sendResponseHeaders(200, 1 << 20);
                ex.getResponseBody().write(new byte[1000]);
                ex.getResponseBody().flush();
                released.await();
            } catch (IOException | InterruptedException e) {
                // released, or the downloader closed the connection: either way this answer is over
            }
            ex.close();
        });
    }

    /** Introduces the staller to {@code d} and waits until {@code d} counts both peers live. */
    private static void meet(Node d, FakePeer staller, Node honest) throws Exception {
        assertThat(staller.introduceTo(d).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> livePeers(d).contains(staller.peerId())
                && livePeers(d).contains(honest.peerId()));
    }

    private static void awaitDone(Node d, String transfer) {
        JsonNode end = await().atMost(Duration.ofSeconds(30)).until(() -> Peers.getJson(d, "/api/v1/transfers/" + transfer),
                t -> !t.get("state").asText().equals("running"));
        assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
    }

    @Test
    void a_peer_that_stops_answering_holds_up_neither_a_reader_nor_the_end_of_a_download() throws Exception {
        byte[] content = TestData.sha256ctrBytes(16 << 20);
        FakePeer staller = staller();
        try (Node honest = Peers.start(dir.resolve("honest")); Node d = Peers.start(dir.resolve("d"), PATIENT, honest)) {
            String cid = SwarmTest.add(honest, content);
            meet(d, staller, honest);

            long t0 = System.nanoTime();
            String transfer = SwarmTest.transfer(d, cid, false).get("id").asText();
            CompletableFuture<HttpResponse<byte[]>> reader = Peers.HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(d.url() + "/ipfs/" + cid)).build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> read = reader.get(30, TimeUnit.SECONDS);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(TestData.sha256Hex(read.body())).isEqualTo(TestData.sha256Hex(content));

            awaitDone(d, transfer);
            assertThat(asked.get()).as("the staller was asked for blocks").isPositive();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("far short of the 2-minute block timeout").isLessThan(Duration.ofSeconds(30));
            assertThat(d.repo().verify().problems()).isEmpty();
        } finally {
            released.countDown();
            staller.close();
        }
    }

    @Test
    void a_download_cancels_its_stalled_requests_once_other_peers_have_sent_their_blocks() throws Exception {
        byte[] content = TestData.sha256ctrBytes(16 << 20);
        FakePeer staller = staller();
        try (Node honest = Peers.start(dir.resolve("honest")); Node d = Peers.start(dir.resolve("d"), PATIENT, honest)) {
            String cid = SwarmTest.add(honest, content);
            meet(d, staller, honest);

            String transfer = SwarmTest.transfer(d, cid, false).get("id").asText();
            awaitDone(d, transfer);
            assertThat(asked.get()).as("the staller was asked for blocks").isPositive();
            // Each stalled request was raced by the honest peer and is cut once that copy is in;
            // left alone, each would hold a connection and a stream until the 2-minute timeout.
            await().atMost(Duration.ofSeconds(10)).until(() -> d.swarm().metrics().activeStreams() == 0);
            assertThat(d.repo().verify().problems()).isEmpty();
        } finally {
            released.countDown();
            staller.close();
        }
    }
}
