package dev.cairn.replication;

import static dev.cairn.replication.ClusterNodes.add;
import static dev.cairn.replication.ClusterNodes.holders;
import static dev.cairn.replication.ClusterNodes.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.Node;
import dev.cairn.content.Cid;
import dev.cairn.net.Peers;
import dev.cairn.store.Quota;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestData;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Five real nodes in one cluster: placement, repair, release, removal, concurrent changes, outsiders. */
class ReplicationTest {
    private static final String SECRET = "replication-test-cluster-secret";
    private static final Duration BOUND = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Node n : nodes) n.close();
    }

    private Node start(String name, String secret, Quota quota) throws Exception {
        Node n = ClusterNodes.start(dir.resolve(name), secret, quota, nodes.isEmpty() ? List.of() : List.of(nodes.get(0)));
        nodes.add(n);
        return n;
    }

    private List<Node> cluster(int size) throws Exception {
        for (int i = 0; i < size; i++) start("n" + i, SECRET, Quota.UNLIMITED);
        awaitMembers(nodes, size - 1);
        return List.copyOf(nodes);
    }

    private static void awaitMembers(List<Node> members, int others) {
        ClusterNodes.awaitMembers(members, others, BOUND);
    }

    private static HttpResponse<String> unpin(Node node, String cid) throws Exception {
        return Peers.HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/pins/" + cid))
                .header("Authorization", "Bearer " + Peers.token(node)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode status(Node node, String cid) throws Exception {
        return Peers.getJson(node, "/api/v1/pins/" + cid);
    }

    @Test
    void an_important_pin_is_held_by_three_repaired_when_a_holder_dies_and_the_surplus_released_when_it_returns() throws Exception {
        List<Node> five = cluster(5);
        String cid = add(five.get(0), TestData.sha256ctrBytes(3 << 20));
        var res = pin(five.get(1), cid, "?level=important&name=album");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        assertThat(Peers.JSON.readTree(res.body()).get("replicas").asInt()).isEqualTo(3);

        long t0 = System.nanoTime();
        await().atMost(BOUND).until(() -> holders(five, cid).size() == 3
                && five.stream().allMatch(n -> {
                    try {
                        return status(n, cid).get("holders").size() == 3;
                    } catch (Exception e) {
                        return false;
                    }
                }));
        System.out.printf("pin add -> 3 holders seen by all 5 nodes: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Thread.sleep(2 * ClusterNodes.INTERVAL.toMillis());
        assertThat(holders(five, cid)).as("exactly three, and it stays so").hasSize(3);
        for (Node n : five) {
            JsonNode s = status(n, cid);
            assertThat(s.get("level").asText()).isEqualTo("important");
            assertThat(s.get("state").asText()).isIn("pinned", "remote");
            assertThat(s.get("state").asText()).isEqualTo(holders(five, cid).contains(n.peerId()) ? "pinned" : "remote");
        }

        // a holder dies: after the repair delay another member takes its copy over
        Node victim = five.stream().filter(n -> holders(five, cid).contains(n.peerId())).findFirst().orElseThrow();
        Path victimDir = victim.repo().dataDir();
        long killed = System.nanoTime();
        victim.close();
        List<Node> alive = five.stream().filter(n -> n != victim).toList();
        await().atMost(BOUND).until(() -> holders(alive, cid).size() == 3);
        double repair = (System.nanoTime() - killed) / 1e9;
        System.out.printf("holder killed -> 3 holders again: %.1f s (repair delay %s)%n", repair, ClusterNodes.REPAIR_DELAY);
        assertThat(repair).as("not before the repair delay").isGreaterThanOrEqualTo(ClusterNodes.REPAIR_DELAY.toSeconds() - 0.5);

        // it comes back with its copy: one copy is now surplus and is released
        Node back = ClusterNodes.start(victimDir, SECRET, Quota.UNLIMITED, List.of(alive.get(0)));
        nodes.add(back);
        List<Node> all = new ArrayList<>(alive);
        all.add(back);
        await().atMost(BOUND).until(() -> holders(all, cid).size() == 4);
        await().atMost(BOUND).until(() -> holders(all, cid).size() == 3);
        Thread.sleep(4 * ClusterNodes.INTERVAL.toMillis());
        assertThat(holders(all, cid)).as("three copies, stable").hasSize(3);

        // removed: every holder releases, and GC takes the blocks
        assertThat(unpin(all.get(2), cid).statusCode()).isEqualTo(204);
        await().atMost(BOUND).until(() -> holders(all, cid).isEmpty());
        for (Node n : all) {
            // a node that held no copy learns of the removal at its next pull
            await().atMost(BOUND).until(() -> Peers.HTTP.send(HttpRequest.newBuilder(URI.create(n.url() + "/api/v1/pins/" + cid)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 404);
            n.repo().gc();
            assertThat(n.repo().blocks().has(Cid.parse(cid))).as("root block on " + n.peerId()).isFalse();
        }
    }

    @Test
    void a_node_with_a_full_quota_is_never_chosen_and_a_pin_that_cannot_reach_its_level_says_why() throws Exception {
        start("n0", SECRET, Quota.UNLIMITED);
        start("n1", SECRET, Quota.UNLIMITED);
        Node small = start("small", SECRET, new Quota(1 << 20));
        start("n3", SECRET, Quota.UNLIMITED);
        awaitMembers(nodes, 3);
        List<String> cids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String cid = add(nodes.get(0), TestData.sha256ctrBytes((2 << 20) + i));
            cids.add(cid);
            assertThat(pin(nodes.get(1), cid, "?replicas=3").statusCode()).isEqualTo(202);
        }
        await().atMost(BOUND).until(() -> cids.stream().allMatch(c -> holders(nodes, c).size() == 3));
        for (String cid : cids) assertThat(holders(nodes, cid)).doesNotContain(small.peerId());

        String all = cids.get(0);
        assertThat(pin(nodes.get(3), all, "?replicas=4").statusCode()).isEqualTo(202);
        for (Node n : nodes) {
            JsonNode s = await().atMost(BOUND).until(() -> status(n, all), st -> st.get("replicas").asInt() == 4);
            assertThat(s.get("state").asText()).isEqualTo("under-replicated");
            assertThat(s.get("reason").asText()).contains("wants 4 copies but only 3 of 4").contains("1 lack room");
        }
        assertThat(holders(nodes, all)).doesNotContain(small.peerId()).hasSize(3);
        String metrics = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(nodes.get(0).url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("cairn_pins_under_replicated 1.0");
    }

    @Test
    void two_nodes_adding_and_removing_one_pin_at_once_end_with_the_same_pinset_everywhere() throws Exception {
        List<Node> four = cluster(4);
        String cid = add(four.get(0), TestData.sha256ctrBytes(1 << 20));
        assertThat(pin(four.get(0), cid, "?replicas=2").statusCode()).isEqualTo(202);
        await().atMost(BOUND).until(() -> four.stream().allMatch(n -> call(() -> n.cluster().status(Cid.parse(cid))).isPresent()));

        for (int round = 0; round < 3; round++) {
            var adding = CompletableFuture.supplyAsync(() -> call(() -> pin(four.get(1), cid, "?replicas=3")));
            var removing = CompletableFuture.supplyAsync(() -> call(() -> unpin(four.get(2), cid)));
            adding.join();
            removing.join();
            await().atMost(BOUND).until(() -> {
                Set<String> seen = new java.util.HashSet<>();
                for (Node n : four) {
                    var op = new Pinset(n.repo().database()).get(Cid.parse(cid));
                    seen.add(op.map(PinOp::opId).orElse("none"));
                }
                return seen.size() == 1 && !seen.contains("none");
            });
            PinOp winner = new Pinset(four.get(0).repo().database()).get(Cid.parse(cid)).orElseThrow();
            int expected = winner.action() == PinOp.Action.ADD ? 3 : 0;
            await().atMost(BOUND).until(() -> holders(four, cid).size() == expected);
            if (winner.action() == PinOp.Action.REMOVE) assertThat(pin(four.get(3), cid, "?replicas=2").statusCode()).isEqualTo(202);
        }
    }

    @Test
    void a_node_without_the_secret_cannot_change_the_pinset_nor_read_it() throws Exception {
        List<Node> three = cluster(3);
        Node outsider = start("outsider", "some other secret, not ours", Quota.UNLIMITED);
        Node loner = start("loner", null, Quota.UNLIMITED);
        await().atMost(BOUND).until(() -> Peers.livePeers(three.get(0)).contains(outsider.peerId()));
        String cid = add(outsider, TestData.sha256ctrBytes(1 << 20));
        assertThat(pin(outsider, cid, "?replicas=3").statusCode()).as("its own cluster of one").isEqualTo(202);
        var refused = pin(loner, cid, "?level=standard");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("not_in_cluster").contains("replication.cluster_secret");

        // the members never take the outsider for one of them, nor its operation
        Thread.sleep(6 * ClusterNodes.INTERVAL.toMillis());
        for (Node n : three) {
            assertThat(n.cluster().status(Cid.parse(cid))).isEmpty();
            assertThat(Peers.getJson(n, "/api/v1/cluster").get("members").findValuesAsText("peer_id"))
                    .doesNotContain(outsider.peerId(), loner.peerId());
        }
        assertThat(holders(three, cid)).isEmpty();

        // asking a member directly: no proof, a forged proof, the outsider's own proof: all 403
        String pinset = three.get(0).url() + "/cairn/v1/cluster/pinset?since=0";
        ClusterKey theirs = ClusterKey.fromSecret("some other secret, not ours");
        for (String proof : List.of("", "123.abc", theirs.requestProof(outsider.peerId(), System.currentTimeMillis()))) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pinset)).header("X-Cairn-Peer", outsider.peerId());
            if (!proof.isEmpty()) b.header("X-Cairn-Cluster", proof);
            var r = Peers.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(proof).isEqualTo(403);
            assertThat(r.body()).contains("not_a_member");
        }
        // a proof from the real key for another peer id does not transfer either
        ClusterKey ours = ClusterKey.fromSecret(SECRET);
        var stolen = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(pinset)).header("X-Cairn-Peer", outsider.peerId())
                .header("X-Cairn-Cluster", ours.requestProof(three.get(1).peerId(), System.currentTimeMillis())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stolen.statusCode()).isEqualTo(403);
    }

    @Test
    void the_cli_pins_across_the_cluster_shows_where_a_pin_is_and_removes_it() throws Exception {
        List<Node> three = cluster(3);
        Node loner = start("loner", null, Quota.UNLIMITED);
        String cid = add(three.get(0), TestData.sha256ctrBytes(1 << 20));
        Path data = three.get(1).repo().dataDir();

        var added = CairnProcess.run(data, "pin", "add", cid, "--level", "standard", "--name", "demo");
        assertThat(added.exitCode()).as(added.stderr()).isZero();
        assertThat(added.stdout()).contains("cluster pin " + cid + ": 2 replicas (standard)");
        await().atMost(BOUND).until(() -> holders(three, cid).size() == 2);

        var status = await().atMost(BOUND).until(() -> CairnProcess.run(data, "pin", "status", cid),
                r -> r.lines().stream().filter(l -> l.contains("holder:")).count() == 2);
        assertThat(status.stdout()).contains("level:    standard").contains("replicas: 2 wanted, 2 held");
        for (String holder : holders(three, cid)) assertThat(status.stdout()).contains("holder:   " + holder);
        var ls = CairnProcess.run(data, "pin", "ls");
        assertThat(ls.lines()).anyMatch(l -> l.matches(cid + " cluster (pinned|remote) 2/2 standard demo"));

        var rm = CairnProcess.run(data, "pin", "rm", cid);
        assertThat(rm.exitCode()).as(rm.stderr()).isZero();
        await().atMost(BOUND).until(() -> holders(three, cid).isEmpty());

        var refused = CairnProcess.run(loner.repo().dataDir(), "pin", "add", cid, "--replicas", "2");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("in no replication cluster").contains("replication.cluster_secret");
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
