package dev.cairn.swarm;

import static dev.cairn.net.Peers.getJson;
import static dev.cairn.net.Peers.livePeers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.Node;
import dev.cairn.content.Cid;
import dev.cairn.content.DagPb;
import dev.cairn.net.Peers;
import dev.cairn.store.Quota;
import dev.cairn.store.Repo;
import dev.cairn.testing.TestData;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from several real peers at once: verified, resumable, cached or pinned, readable while they run. */
class SwarmTest {
    private static final Duration SOON = Duration.ofSeconds(20);
    /** A downloader capped at 2 MiB/s, so that it can be stopped or cancelled part-way. */
    private static final SwarmOptions SLOW = new SwarmOptions(4, 32, 0, 2 << 20, Duration.ofSeconds(60));

    @TempDir
    Path dir;

    static JsonNode transfer(Node node, String cid, boolean pin) throws Exception {
        var res = Peers.post(node, "/api/v1/transfers", "{\"cid\":\"" + cid + "\",\"pin\":" + pin + "}", true);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        return Peers.JSON.readTree(res.body());
    }

    static JsonNode awaitEnd(Node node, String id) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> getJson(node, "/api/v1/transfers/" + id),
                t -> !t.get("state").asText().equals("running"));
    }

    /** Downloads {@code cid} on {@code node} (caching) and checks that it ended done with all {@code size} bytes; its last state. */
    static JsonNode downloadWhole(Node node, String cid, long size) throws Exception {
        JsonNode end = awaitEnd(node, transfer(node, cid, false).get("id").asText());
        assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
        assertThat(end.get("bytes_done").asLong()).isEqualTo(size);
        return end;
    }

    /** Waits until {@code node}'s network view has one item, offered by {@code peers} peers. */
    static void awaitListedBy(Node node, int peers) {
        await().atMost(SOON).until(() -> {
            JsonNode items = getJson(node, "/tracks?scope=network");
            return items.size() == 1 && items.get(0).get("peers").size() == peers;
        });
    }

    static String add(Node node, byte[] content) throws Exception {
        var res = Peers.upload(node, content, "?name=data.bin");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return Peers.JSON.readTree(res.body()).get("cid").asText();
    }

    @Test
    void a_car_in_arrival_order_of_a_file_being_fetched_has_each_block_once_and_makes_the_file() throws Exception {
        byte[] content = TestData.sha256ctrBytes(24 << 20); // 24 blocks of 1 MiB under the root
        // a capped seeder (1.5 s for the file): the CAR is asked for while most blocks are still to come
        SwarmOptions seeding = new SwarmOptions(4, 32, 16 << 20, 0, Duration.ofSeconds(60));
        try (Node s = Peers.start(dir.resolve("s"), seeding); Node d = Peers.start(dir.resolve("d"), s)) {
            String cid = add(s, content);
            await().atMost(SOON).until(() -> livePeers(d).size() == 1);
            String id = transfer(d, cid, false).get("id").asText();

            HttpResponse<java.io.InputStream> res = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(d.url() + "/ipfs/" + cid + "?format=car&dag-scope=all"))
                    .header("Accept", "application/vnd.ipld.car; version=1; order=unk; dups=n").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type").orElse("")).contains("order=unk", "dups=n");
            java.util.Map<Cid, byte[]> blocks = new java.util.LinkedHashMap<>();
            try (java.io.InputStream body = res.body()) {
                dev.cairn.content.CarReader car = new dev.cairn.content.CarReader(body);
                for (dev.cairn.content.Block b; (b = car.next()) != null; ) { // next() verifies each block
                    assertThat(blocks.put(b.cid().toV1(), b.data())).as("sent once: " + b.cid()).isNull();
                }
            }
            Cid root = Cid.parse(cid).toV1();
            assertThat(blocks.keySet().iterator().next()).as("the root comes first").isEqualTo(root);
            List<Cid> leaves = DagPb.links(root, blocks.get(root));
            assertThat(blocks).hasSize(leaves.size() + 1);
            java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
            for (Cid leaf : leaves) file.write(blocks.get(leaf.toV1()));
            assertThat(TestData.sha256Hex(file.toByteArray())).isEqualTo(TestData.sha256Hex(content));
            assertThat(awaitEnd(d, id).get("state").asText()).isEqualTo("done");
        }
    }

    /** With requests pipelined behind each other on their connections (the default), and without. */
    @org.junit.jupiter.params.ParameterizedTest(name = "swarm.pipeline={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void a_file_held_by_three_peers_is_fetched_from_all_of_them_and_verified(boolean pipeline) throws Exception {
        byte[] content = TestData.sha256ctrBytes(24 << 20); // 24 blocks of 1 MiB
        SwarmOptions options = new SwarmOptions(4, 32, 0, 0, Duration.ofSeconds(60), pipeline);
        // Each seeder sends at most 16 MiB/s, so two of them take 0.75 s for the file: uncapped
        // on loopback, two warm peers could send all of it before a third, still loading
        // classes for its first answer in a cold test JVM, had sent a block.
        SwarmOptions seeding = new SwarmOptions(4, 32, 16 << 20, 0, Duration.ofSeconds(60));
        try (Node s1 = Peers.start(dir.resolve("s1"), seeding); Node s2 = Peers.start(dir.resolve("s2"), seeding);
                Node s3 = Peers.start(dir.resolve("s3"), seeding);
                Node d = Peers.start(dir.resolve("d"), options, s1, s2, s3)) {
            String cid = add(s1, content);
            assertThat(add(s2, content)).isEqualTo(cid);
            assertThat(add(s3, content)).isEqualTo(cid);
            await().atMost(SOON).until(() -> livePeers(d).size() == 3);

            JsonNode end = downloadWhole(d, cid, content.length);
            assertThat(end.get("bytes_total").asLong()).isEqualTo(content.length);
            assertThat(end.get("peers")).extracting(JsonNode::asText)
                    .as("blocks came from every peer").containsExactlyInAnyOrder(s1.peerId(), s2.peerId(), s3.peerId());

            // now local: served without any peer, and byte-identical
            s1.close();
            s2.close();
            s3.close();
            var got = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(d.url() + "/content/" + cid)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(TestData.sha256Hex(got.body())).isEqualTo(TestData.sha256Hex(content));

            // cached, not pinned: garbage collection takes it back
            assertThat(getJson(d, "/api/v1/pins")).isEmpty();
            d.repo().gc();
            assertThat(d.repo().blocks().usedBytes()).isZero();
        }
    }

    /**
     * Peers whose library lists the root are taken to hold all of it before they answer; one
     * that lists it but lost its blocks costs refusals only: the download comes whole from the
     * other, and the refusing peer is neither blamed nor dropped.
     */
    @Test
    void a_peer_that_lists_the_content_but_lost_its_blocks_only_refuses_and_the_other_sends_it() throws Exception {
        byte[] content = TestData.sha256ctrBytes(8 << 20);
        try (Node lost = Peers.start(dir.resolve("lost")); Node holder = Peers.start(dir.resolve("holder"));
                Node d = Peers.start(dir.resolve("d"), lost, holder)) {
            String cid = addThenDelete(lost, holder, content, false);
            awaitListedBy(d, 2);

            downloadWhole(d, cid, content.length);
            var got = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(d.url() + "/ipfs/" + cid)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(TestData.sha256Hex(got.body())).isEqualTo(TestData.sha256Hex(content));
            assertThat(livePeers(d)).as("a refusal is not a failure").contains(lost.peerId(), holder.peerId());
        }
    }

    /**
     * A peer that lists the content but holds none of it refuses its head-start slice at once,
     * usually before the other peer's slice has brought the root. The root arriving then must
     * not promise the refused slice's blocks again: nothing would bring them, and the download
     * waited on them for ever.
     */
    @Test
    void a_peer_that_lists_the_content_but_holds_none_of_it_does_not_hold_up_the_download() throws Exception {
        byte[] content = TestData.sha256ctrBytes(8 << 20);
        try (Node empty = Peers.start(dir.resolve("empty")); Node holder = Peers.start(dir.resolve("holder"));
                Node d = Peers.start(dir.resolve("d"), empty, holder)) {
            String cid = addThenDelete(empty, holder, content, true);
            awaitListedBy(d, 2);

            downloadWhole(d, cid, content.length);
        }
    }

    /**
     * Adds {@code content} to both nodes (its CID), then deletes its leaves from {@code lister}
     * (and its root, if {@code rootToo}), whose library goes on listing it.
     */
    private static String addThenDelete(Node lister, Node holder, byte[] content, boolean rootToo) throws Exception {
        String cid = add(lister, content);
        assertThat(add(holder, content)).isEqualTo(cid);
        Cid root = Cid.parse(cid);
        for (Cid leaf : DagPb.links(root, lister.repo().blocks().get(root))) assertThat(lister.repo().blocks().delete(leaf)).isTrue();
        if (rootToo) assertThat(lister.repo().blocks().delete(root)).isTrue();
        return cid;
    }

    /**
     * A level with fewer blocks than holders (the root, or a small file's leaves) is not asked
     * of every holder at once: a block goes to a second peer only once it is late, so a small
     * file from three peers that list it is fetched about once, not three times.
     */
    @Test
    void a_small_file_listed_by_three_peers_is_fetched_once_not_from_each() throws Exception {
        byte[] content = TestData.sha256ctrBytes(2 << 20); // two leaves under a root
        try (Node s1 = Peers.start(dir.resolve("s1")); Node s2 = Peers.start(dir.resolve("s2")); Node s3 = Peers.start(dir.resolve("s3"));
                Node d = Peers.start(dir.resolve("d"), s1, s2, s3)) {
            String cid = add(s1, content);
            add(s2, content);
            add(s3, content);
            awaitListedBy(d, 3);

            JsonNode end = awaitEnd(d, transfer(d, cid, false).get("id").asText());
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
            assertThat(end.get("bytes_fetched").asLong()).as("at most one leaf asked twice (and the root, 109 bytes)")
                    .isGreaterThan(content.length).isLessThanOrEqualTo(content.length + (1 << 20) + 109);
        }
    }

    @Test
    void content_the_node_lacks_streams_from_a_peer_by_sha256_with_ranges_and_pin_keeps_a_download() throws Exception {
        byte[] content = TestData.sha256ctrBytes(5 << 20);
        String sha = TestData.sha256Hex(content);
        try (Node a = Peers.start(dir.resolve("a")); Node b = Peers.start(dir.resolve("b"), a)) {
            String cid = add(a, content);
            await().atMost(SOON).until(() -> getJson(b, "/tracks?scope=network").size() == 1);

            var range = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(b.url() + "/content/" + sha))
                    .header("Range", "bytes=3000000-3000099").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 3_000_000, 3_000_100));
            assertThat(range.headers().firstValue("Content-Disposition").orElse("")).contains("data.bin");

            var raw = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(b.url() + "/ipfs/" + cid + "?format=raw")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(raw.statusCode()).isEqualTo(200);

            JsonNode end = awaitEnd(b, transfer(b, sha, true).get("id").asText());
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
            assertThat(getJson(b, "/api/v1/pins").toString()).contains(cid);
            b.repo().gc();
            assertThat(b.repo().verify().problems()).isEmpty();
            assertThat(b.repo().blocks().usedBytes()).isGreaterThanOrEqualTo(content.length);
        }
    }

    /**
     * Files of three levels (root, inner nodes, leaves), as CIDv1 with raw leaves and as CIDv0
     * with dag-pb leaves: an inner node's links are read from memory and the node stored in the
     * background, so the test checks that every block is in the store once the download is done.
     */
    @Test
    void a_file_of_three_levels_comes_whole_with_every_block_stored() throws Exception {
        byte[] content = TestData.sha256ctrBytes(50 << 20); // 200 leaves of 256 KiB, under 2 inner nodes of at most 174 links
        try (Node a = Peers.start(dir.resolve("a")); Node b = Peers.start(dir.resolve("b"), a)) {
            await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()));
            for (String profile : List.of("v1-raw-256k-174", "unixfs-v0-2015")) {
                var res = Peers.upload(a, content, "?name=big.bin&profile=" + profile);
                assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
                String cid = Peers.JSON.readTree(res.body()).get("cid").asText();
                JsonNode end = awaitEnd(b, transfer(b, cid, true).get("id").asText());
                assertThat(end.get("state").asText()).as(profile + ": " + end).isEqualTo("done");
                assertThat(end.get("blocks_done").asLong()).as(profile).isEqualTo(1 + 2 + 200);
            }
            a.close();
            assertThat(b.repo().verify().problems()).isEmpty();
            for (var pin : getJson(b, "/api/v1/pins")) {
                var got = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(b.url() + "/ipfs/" + pin.get("cid").asText())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(got.statusCode()).isEqualTo(200);
                assertThat(TestData.sha256Hex(got.body())).isEqualTo(TestData.sha256Hex(content));
            }
        }
    }

    @Test
    void a_download_into_a_full_store_fails_and_says_why() throws Exception {
        byte[] content = TestData.sha256ctrBytes(6 << 20);
        try (Node a = Peers.start(dir.resolve("a"));
                Node b = Peers.start(dir.resolve("b"), new Quota(3 << 20), SwarmOptions.defaults(), a)) {
            String cid = add(a, content);
            await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()));
            JsonNode end = awaitEnd(b, transfer(b, cid, false).get("id").asText());
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("failed");
            assertThat(end.get("error").asText()).as(end.toString()).containsIgnoringCase("quota");
            assertThat(b.repo().blocks().usedBytes()).isLessThanOrEqualTo(3 << 20);
            assertThat(b.repo().verify().problems()).isEmpty();
        }
    }

    @Test
    void a_peer_asked_only_if_cached_does_not_go_to_the_network_itself() throws Exception {
        byte[] content = TestData.sha256ctrBytes(100_000);
        try (Node a = Peers.start(dir.resolve("a")); Node b = Peers.start(dir.resolve("b"), a)) {
            String cid = add(a, content);
            await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()));
            var res = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(b.url() + "/ipfs/" + cid + "?format=raw"))
                    .header("Cache-Control", "only-if-cached").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(412);
            assertThat(b.repo().blocks().usedBytes()).isZero();
        }
    }

    @Test
    void a_download_the_node_stopped_in_is_taken_up_again_at_start_from_the_blocks_already_stored() throws Exception {
        byte[] content = TestData.sha256ctrBytes(16 << 20);
        try (Node a = Peers.start(dir.resolve("a"))) {
            String cid = add(a, content);
            String id = stopMidDownload(a, cid, true);
            long stored;
            try (Repo repo = Repo.open(dir.resolve("b"), Quota.UNLIMITED)) {
                stored = repo.blocks().usedBytes();
            }
            assertThat(stored).isGreaterThanOrEqualTo(4 << 20).isLessThan(content.length);
            try (Node b = Peers.start(dir.resolve("b"), a)) {
                // taken up by itself, under the same id, once the node has found its peer
                JsonNode end = awaitEnd(b, id);
                assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
                assertThat(end.get("pin").asBoolean()).isTrue();
                assertThat(end.get("bytes_done").asLong()).isEqualTo(content.length);
                assertThat(end.get("bytes_fetched").asLong()).as("only the missing blocks were fetched")
                        .isLessThanOrEqualTo(content.length - stored + (1 << 20));
                assertThat(b.repo().verify().problems()).isEmpty();
                b.repo().gc();
                assertThat(b.repo().blocks().usedBytes()).as("pinned, as asked before the stop").isGreaterThanOrEqualTo(content.length);
            }
            try (Node b = Peers.start(dir.resolve("b"), a)) {
                assertThat(getJson(b, "/api/v1/transfers")).as("a finished download is not taken up again").isEmpty();
            }
        }
    }

    @Test
    void a_download_taken_up_when_no_peer_holds_its_blocks_waits_across_restarts_and_ends_when_one_does() throws Exception {
        byte[] content = TestData.sha256ctrBytes(16 << 20);
        String cid;
        String id;
        try (Node a = Peers.start(dir.resolve("a"))) {
            cid = add(a, content);
            id = stopMidDownload(a, cid, false);
        } // the only holder is gone for good
        long stored;
        try (Repo repo = Repo.open(dir.resolve("b"), Quota.UNLIMITED)) {
            stored = repo.blocks().usedBytes();
        }
        try (Node c = Peers.start(dir.resolve("c"))) {
            try (Node b = Peers.start(dir.resolve("b"), c)) {
                JsonNode waiting = await().atMost(SOON).until(() -> getJson(b, "/api/v1/transfers/" + id), t -> t.has("waiting"));
                assertThat(waiting.get("state").asText()).as(waiting.toString()).isEqualTo("running");
                assertThat(waiting.get("waiting").asText()).as(waiting.toString()).containsAnyOf("no peers", "could not be fetched");
                assertThat(waiting.get("bytes_done").asLong()).as("what was stored counts").isGreaterThanOrEqualTo(4 << 20);
            }
            try (Node b = Peers.start(dir.resolve("b"), c)) {
                // stopped while it waited: still saved, so taken up again under the same id
                assertThat(getJson(b, "/api/v1/transfers").findValuesAsText("id")).containsExactly(id);
                await().atMost(SOON).until(() -> getJson(b, "/api/v1/transfers/" + id).has("waiting"));
                add(c, content); // a peer gets the content: the download notices and goes on
                JsonNode end = awaitEnd(b, id);
                assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
                assertThat(end.get("bytes_done").asLong()).isEqualTo(content.length);
                assertThat(end.get("peers").toString()).contains(c.peerId());
                assertThat(end.get("bytes_fetched").asLong()).as("only the missing blocks were fetched")
                        .isLessThanOrEqualTo(content.length - stored + (1 << 20));
                assertThat(b.repo().verify().problems()).isEmpty();
                assertThat(b.repo().blocks().usedBytes()).isGreaterThanOrEqualTo(content.length);
            }
            try (Node b = Peers.start(dir.resolve("b"), c)) {
                assertThat(getJson(b, "/api/v1/transfers")).as("a finished download is not taken up again").isEmpty();
            }
        }
    }

    @Test
    void a_second_request_for_a_root_being_downloaded_joins_the_running_transfer() throws Exception {
        byte[] content = TestData.sha256ctrBytes(16 << 20);
        try (Node a = Peers.start(dir.resolve("a")); Node b = Peers.start(dir.resolve("b"), SLOW, a)) {
            String cid = add(a, content);
            await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()));
            String id = transfer(b, cid, true).get("id").asText();
            assertThat(transfer(b, cid, false).get("id").asText()).as("a caching get joins the pinning download").isEqualTo(id);
            assertThat(transfer(b, cid, true).get("id").asText()).isEqualTo(id);
            assertThat(getJson(b, "/api/v1/transfers")).hasSize(1);

            JsonNode end = awaitEnd(b, id);
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
            assertThat(end.get("bytes_fetched").asLong()).as("fetched once").isLessThan(content.length + (1 << 20));
            // once it has ended, a new request is a new transfer (from the store, at once)
            assertThat(transfer(b, cid, false).get("id").asText()).isNotEqualTo(id);
        }
    }

    @Test
    void a_transfer_asked_with_wait_is_answered_when_it_ends_and_a_bad_wait_is_refused() throws Exception {
        byte[] content = TestData.sha256ctrBytes(4 << 20); // about 2 s at SLOW's 2 MiB/s
        try (Node a = Peers.start(dir.resolve("a")); Node b = Peers.start(dir.resolve("b"), SLOW, a)) {
            String cid = add(a, content);
            await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()));
            String id = transfer(b, cid, false).get("id").asText();
            String path = "/api/v1/transfers/" + id;

            long t0 = System.nanoTime();
            JsonNode early = getJson(b, path + "?wait=0.3");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(early.get("state").asText()).as("after 0.3 s of a 2 s download").isEqualTo("running");

            JsonNode end = getJson(b, path + "?wait=60");
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
            assertThat(end.get("bytes_done").asLong()).isEqualTo(content.length);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("answered at the end, not after the 60 s asked")
                    .isLessThan(Duration.ofSeconds(30));

            for (String bad : List.of("soon", "-1", "61", "NaN", "")) {
                var res = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(b.url() + path + "?wait=" + bad)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as("wait=" + bad).isEqualTo(400);
                assertThat(res.body()).contains("wait must be a number of seconds");
            }
        }
    }

    @Test
    void a_pinning_request_joins_a_running_caching_download_and_the_content_ends_pinned() throws Exception {
        byte[] content = TestData.sha256ctrBytes(16 << 20);
        try (Node a = Peers.start(dir.resolve("a")); Node b = Peers.start(dir.resolve("b"), SLOW, a)) {
            String cid = add(a, content);
            await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()));
            String id = transfer(b, cid, false).get("id").asText();
            JsonNode joined = transfer(b, cid, true);
            assertThat(joined.get("id").asText()).as("the pinning get joins the caching download").isEqualTo(id);
            assertThat(getJson(b, "/api/v1/transfers")).hasSize(1);

            JsonNode end = awaitEnd(b, id);
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("done");
            assertThat(end.get("pin").asBoolean()).as(end.toString()).isTrue();
            assertThat(end.get("bytes_fetched").asLong()).as("fetched once").isLessThan(content.length + (1 << 20));
            assertThat(getJson(b, "/api/v1/pins").toString()).contains(cid);
            b.repo().gc();
            assertThat(b.repo().blocks().usedBytes()).as("gc keeps what is pinned").isGreaterThanOrEqualTo(content.length);
        }
    }

    @Test
    void a_cancelled_download_is_not_taken_up_again() throws Exception {
        byte[] content = TestData.sha256ctrBytes(16 << 20);
        try (Node a = Peers.start(dir.resolve("a"))) {
            String cid = add(a, content);
            try (Node b = Peers.start(dir.resolve("b"), SLOW, a)) {
                await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()));
                String id = transfer(b, cid, false).get("id").asText();
                var res = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(b.url() + "/api/v1/transfers/" + id))
                        .header("Authorization", "Bearer " + Peers.token(b)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
                assertThat(awaitEnd(b, id).get("state").asText()).isEqualTo("cancelled");
            }
            try (Node b = Peers.start(dir.resolve("b"), a)) {
                // saved downloads are taken up before Node.start returns, so one would be listed now
                assertThat(getJson(b, "/api/v1/transfers")).isEmpty();
            }
        }
    }

    /**
     * Starts a download of {@code cid} from {@code a} on a {@link #SLOW} node in {@code dir/b}
     * and stops that node once 4 MiB are in; returns the transfer's id.
     */
    private String stopMidDownload(Node a, String cid, boolean pin) throws Exception {
        try (Node b = Peers.start(dir.resolve("b"), SLOW, a)) {
            await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()));
            String id = transfer(b, cid, pin).get("id").asText();
            await().atMost(SOON).until(() -> getJson(b, "/api/v1/transfers/" + id).get("bytes_done").asLong() >= 4 << 20);
            return id; // the node goes down mid-download
        }
    }

    @Test
    void the_download_cap_holds_within_ten_percent_over_ten_seconds() throws Exception {
        long rate = 2 << 20;
        SwarmOptions capped = new SwarmOptions(4, 32, 0, rate, Duration.ofSeconds(60));
        assertCapHolds(SwarmOptions.defaults(), capped, rate);
    }

    @Test
    void the_upload_cap_holds_within_ten_percent_over_ten_seconds() throws Exception {
        long rate = 2 << 20;
        SwarmOptions capped = new SwarmOptions(4, 32, rate, 0, Duration.ofSeconds(60));
        assertCapHolds(capped, SwarmOptions.defaults(), rate);
    }

    @Test
    void the_upload_cap_holds_for_two_downloaders_at_once_and_they_share_it() throws Exception {
        long rate = 2 << 20;
        byte[] content = TestData.sha256ctrBytes(11 << 20); // twice that is 11 s at the cap
        try (Node a = Peers.start(dir.resolve("a"), new SwarmOptions(4, 32, rate, 0, Duration.ofSeconds(60)));
                Node b = Peers.start(dir.resolve("b"), a); Node c = Peers.start(dir.resolve("c"), a)) {
            String cid = add(a, content);
            await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()) && livePeers(c).contains(a.peerId()));
            long t0 = System.nanoTime();
            String onB = transfer(b, cid, false).get("id").asText();
            String onC = transfer(c, cid, false).get("id").asText();
            JsonNode endB = awaitEnd(b, onB);
            JsonNode endC = awaitEnd(c, onC);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(endB.get("state").asText()).isEqualTo("done");
            assertThat(endC.get("state").asText()).isEqualTo("done");
            assertThat(2.0 * content.length / seconds).as("bytes/s the seeder sent to both, over %.1f s", seconds)
                    .isBetween(rate * 0.9, rate * 1.1);
            // neither had the cap to itself: each took about the whole 11 s, not half of it
            for (JsonNode end : List.of(endB, endC)) {
                double took = (end.get("ended_at").asLong() - end.get("started_at").asLong()) / 1e3;
                assertThat(took).as(end.toString()).isGreaterThan(0.75 * seconds);
            }
        }
    }

    private void assertCapHolds(SwarmOptions seeder, SwarmOptions downloader, long rate) throws Exception {
        byte[] content = TestData.sha256ctrBytes(22 << 20); // 11 s at the cap
        try (Node a = Peers.start(dir.resolve("a"), seeder); Node b = Peers.start(dir.resolve("b"), downloader, a)) {
            String cid = add(a, content);
            await().atMost(SOON).until(() -> livePeers(b).contains(a.peerId()));
            long t0 = System.nanoTime();
            JsonNode end = awaitEnd(b, transfer(b, cid, false).get("id").asText());
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(end.get("state").asText()).isEqualTo("done");
            assertThat(seconds).isGreaterThan(10);
            assertThat(content.length / seconds).as("bytes/s over the whole download").isBetween(rate * 0.9, rate * 1.1);
        }
    }

    @Test
    void a_node_with_no_peers_says_so() throws Exception {
        try (Node a = Peers.start(dir.resolve("a"))) {
            String cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
            JsonNode end = awaitEnd(a, transfer(a, cid, false).get("id").asText());
            assertThat(end.get("state").asText()).isEqualTo("failed");
            assertThat(end.get("error").asText()).contains("no peers");
            var res = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(a.url() + "/content/" + cid)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(404);
            assertThat(List.of(res.body())).allMatch(b -> b.contains("not on this node"));
        }
    }
}
