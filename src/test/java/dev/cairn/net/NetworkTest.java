package dev.cairn.net;

import static dev.cairn.net.Peers.getJson;
import static dev.cairn.net.Peers.livePeers;
import static dev.cairn.net.Peers.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.Node;
import dev.cairn.testing.TestData;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes in one JVM finding each other, proving who they are, and spreading their libraries. */
class NetworkTest {
    private static final Duration SOON = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void a_node_started_with_peers_and_its_bootstrap_see_each_other_with_proven_ids() throws Exception {
        try (Node a = Peers.start(dir.resolve("a")); Node b = Peers.start(dir.resolve("b"), a)) {
            await().atMost(SOON).until(() -> livePeers(a).contains(b.peerId()) && livePeers(b).contains(a.peerId()));
            assertThat(getJson(a, "/status").get("peer_id").asText()).isEqualTo(a.peerId()).startsWith("12D3KooW");
            assertThat(getJson(b, "/status").get("peers").asInt()).isEqualTo(1);
            JsonNode seen = getJson(b, "/peers").get(0);
            assertThat(seen.get("peer_id").asText()).isEqualTo(a.peerId());
            assertThat(seen.get("host").asText()).isEqualTo("127.0.0.1");
            assertThat(seen.get("port").asInt()).isEqualTo(a.port());
            assertThat(seen.get("rtt_ms").asDouble()).isPositive();
            assertThat(seen.get("last_seen").asText()).isNotBlank();
            assertThat(seen.get("score").asDouble()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void peers_keep_a_block_connection_open_to_each_other_before_any_download() throws Exception {
        try (Node a = Peers.start(dir.resolve("a")); Node b = Peers.start(dir.resolve("b"), a)) {
            PeerAddress atA = new PeerAddress("127.0.0.1", a.port());
            PeerAddress atB = new PeerAddress("127.0.0.1", b.port());
            await().atMost(SOON).until(() -> b.network().client().blocks().pooled(atA) == 1 && a.network().client().blocks().pooled(atB) == 1);
        }
    }

    @Test
    void an_item_added_on_one_node_is_listed_on_the_other_with_where_it_is() throws Exception {
        try (Node a = Peers.start(dir.resolve("a")); Node b = Peers.start(dir.resolve("b"), a)) {
            await().atMost(SOON).until(() -> livePeers(a).contains(b.peerId()));
            byte[] song = TestData.sha256ctrBytes(300_000);
            assertThat(Peers.upload(a, song, "?name=song.mp3&title=Song&artist=Artist").statusCode()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(5)).until(() -> getJson(b, "/tracks?scope=network").size() == 1);
            JsonNode t = getJson(b, "/tracks?scope=network").get(0);
            assertThat(t.get("title").asText()).isEqualTo("Song");
            assertThat(t.get("artist").asText()).isEqualTo("Artist");
            assertThat(t.get("content_hash").asText()).isEqualTo(TestData.sha256Hex(song));
            assertThat(t.get("local").asBoolean()).isFalse();
            assertThat(t.get("peers")).extracting(JsonNode::asText).containsExactly(a.peerId());
            assertThat(getJson(b, "/tracks")).as("the local library is still empty").isEmpty();
            JsonNode peerA = getJson(b, "/peers").get(0);
            assertThat(peerA.get("items").asInt()).isEqualTo(1);
            assertThat(peerA.get("available_tracks").get(0).asText()).isEqualTo(TestData.sha256Hex(song));

            // a delete spreads too
            String cid = t.get("cid").asText();
            var del = Peers.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(a.url() + "/api/v1/items/" + cid))
                    .header("Authorization", "Bearer " + Peers.token(a)).DELETE().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(del.statusCode()).isIn(200, 204);
            await().atMost(Duration.ofSeconds(5)).until(() -> getJson(b, "/tracks?scope=network").isEmpty());
        }
    }

    @Test
    void the_library_feed_gives_only_changes_past_a_sequence_number() throws Exception {
        try (Node a = Peers.start(dir.resolve("a"))) {
            for (int i = 0; i < 3; i++) Peers.upload(a, TestData.sha256ctrBytes(1000 + i), "?title=t" + i);
            JsonNode all = getJson(a, "/cairn/v1/library?since=0");
            assertThat(all.get("changes")).hasSize(3);
            long second = all.get("changes").get(1).get("seq").asLong();
            JsonNode rest = getJson(a, "/cairn/v1/library?since=" + second);
            assertThat(rest.get("changes")).hasSize(1);
            assertThat(rest.get("changes").get(0).get("item").get("title").asText()).isEqualTo("t2");
            assertThat(rest.get("epoch").asText()).isEqualTo(all.get("epoch").asText());
            JsonNode paged = getJson(a, "/cairn/v1/library?since=0&limit=2");
            assertThat(paged.get("more").asBoolean()).isTrue();
            assertThat(paged.get("next").asLong()).isEqualTo(second);
        }
    }

    @Test
    void peers_learn_of_each_other_through_a_common_peer() throws Exception {
        try (Node a = Peers.start(dir.resolve("a")); Node b = Peers.start(dir.resolve("b"), a); Node c = Peers.start(dir.resolve("c"), b)) {
            await().atMost(SOON).until(() -> livePeers(c).containsAll(List.of(a.peerId(), b.peerId()))
                    && livePeers(a).containsAll(List.of(b.peerId(), c.peerId())));
        }
    }

    @Test
    void a_restarted_node_reconnects_to_the_peers_it_knew_without_being_told() throws Exception {
        try (Node a = Peers.start(dir.resolve("a"))) {
            try (Node b = Peers.start(dir.resolve("b"), a)) {
                await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()));
            }
            try (Node b = Peers.start(dir.resolve("b"))) {
                assertThat(Peers.getJson(b, "/status").get("peer_id").asText()).as("same key, same id").isNotBlank();
                await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()));
            }
        }
    }

    @Test
    void a_peer_that_stops_answering_turns_suspect_and_is_then_dropped() throws Exception {
        try (Node b = Peers.start(dir.resolve("b"))) {
            Node a = Peers.start(dir.resolve("a"), b);
            String aId = a.peerId();
            await().atMost(SOON).until(() -> livePeers(b).contains(aId));
            a.close();
            await().atMost(SOON).until(() -> {
                for (JsonNode p : getJson(b, "/peers")) if (p.get("peer_id").asText().equals(aId)) return p.get("state").asText().equals("suspect");
                return false;
            });
            await().atMost(SOON).until(() -> getJson(b, "/peers").isEmpty());
        }
    }

    @Test
    void a_discover_claiming_someone_elses_id_does_not_make_a_peer() throws Exception {
        try (Node a = Peers.start(dir.resolve("a")); Node victim = Peers.start(dir.resolve("v"));
                ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            // the claim names the victim's id at an address that cannot answer the challenge
            String spoof = "{\"peer\":{\"peer_id\":\"" + victim.peerId() + "\",\"host\":\"127.0.0.1\",\"port\":" + silent.getLocalPort()
                    + "},\"challenge\":\"abc\"}";
            var res = post(a, "/discover", spoof, false);
            assertThat(res.statusCode()).isEqualTo(200);
            JsonNode answer = Peers.JSON.readTree(res.body());
            assertThat(PeerIds.verify(answer.get("peer").get("peer_id").asText(),
                    Protocol.discoverPayload("abc", a.peerId(), "127.0.0.1", a.port()),
                    Protocol.decode(answer.get("signature").asText()))).as("the answer is signed by a").isTrue();
            Thread.sleep(2500); // two discovery rounds
            assertThat(getJson(a, "/peers")).isEmpty();
        }
    }

    @Test
    void malformed_peer_records_are_refused_with_400() throws Exception {
        try (Node a = Peers.start(dir.resolve("a"))) {
            for (String bad : List.of("{\"peer\":{\"peer_id\":\"x\",\"host\":\"127.0.0.1\",\"port\":70000}}",
                    "{\"peer\":{\"peer_id\":\"x\",\"host\":\"evil host\",\"port\":80}}",
                    "{\"peer\":\"nope\"}",
                    "not json",
                    "{\"peer\":{\"host\":\"127.0.0.1\",\"port\":1},\"challenge\":\"" + "a".repeat(500) + "\"}")) {
                var res = post(a, "/discover", bad, false);
                assertThat(res.statusCode()).as(bad).isEqualTo(400);
                assertThat(Peers.JSON.readTree(res.body()).get("error").get("message").asText()).isNotBlank();
            }
            var have = post(a, "/cairn/v1/have", "{\"cids\":[\"not-a-cid\"]}", false);
            assertThat(have.statusCode()).isEqualTo(400);
            assertThat(Peers.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(a.url() + "/cairn/v1/library?since=-1")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void peer_ids_carry_their_key_and_signatures_check_against_them() throws Exception {
        NodeIdentity id = NodeIdentity.loadOrCreate(dir.resolve("k"));
        byte[] msg = "hello".getBytes();
        byte[] sig = id.sign(msg);
        assertThat(PeerIds.verify(id.peerId(), msg, sig)).isTrue();
        assertThat(PeerIds.verify(id.peerId(), "hellO".getBytes(), sig)).isFalse();
        NodeIdentity other = NodeIdentity.loadOrCreate(dir.resolve("k2"));
        assertThat(PeerIds.verify(other.peerId(), msg, sig)).isFalse();
        assertThat(PeerIds.isValid("12D3KooWnotreally")).isFalse();
        assertThat(PeerIds.isValid("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")).as("RSA-era ids are not accepted").isFalse();
        assertThat(NodeIdentity.loadOrCreate(dir.resolve("k")).peerId()).as("stable across loads").isEqualTo(id.peerId());
    }
}
