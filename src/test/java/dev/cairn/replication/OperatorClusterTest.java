package dev.cairn.replication;

import static dev.cairn.replication.ClusterNodes.add;
import static dev.cairn.replication.ClusterNodes.holders;
import static dev.cairn.replication.ClusterNodes.pin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.Node;
import dev.cairn.content.Cid;
import dev.cairn.keys.KeyFiles;
import dev.cairn.keys.KeyIds;
import dev.cairn.net.NodeIdentity;
import dev.cairn.net.Peers;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestData;
import dev.cairn.util.Ed25519;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of operator keys, with real nodes: alice's key is trusted, one node holds it, the
 * others were admitted with certificates and hold no key. Mallory runs a node of her own that
 * trusts only her key.
 */
class OperatorClusterTest {
    private static final Duration BOUND = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private final List<Node> nodes = new ArrayList<>();
    private Path trusted;
    private Path aliceKey;
    private Path malloryKey;
    private Path malloryTrusted;

    @BeforeEach
    void keys() throws Exception {
        trusted = Files.createDirectories(dir.resolve("trusted"));
        Path keys = Files.createDirectories(dir.resolve("keys"));
        aliceKey = keys.resolve("alice.key");
        KeyFiles.write(MemberCertTest.generate(), null, aliceKey, trusted.resolve("alice.pub"));
        malloryTrusted = Files.createDirectories(dir.resolve("mallory-trusted"));
        malloryKey = keys.resolve("mallory.key");
        KeyFiles.write(MemberCertTest.generate(), null, malloryKey, malloryTrusted.resolve("mallory.pub"));
    }

    @AfterEach
    void stop() throws Exception {
        for (Node n : nodes) n.close();
    }

    private List<Node> bootstrap() {
        return nodes.isEmpty() ? List.of() : List.of(nodes.get(0));
    }

    /** The node that holds alice's key. */
    private Node admin() throws Exception {
        Node n = ClusterNodes.startOperated(dir.resolve("admin"), trusted, aliceKey, null, bootstrap());
        nodes.add(n);
        return n;
    }

    /** A node admitted by alice with a certificate made by `cairn cluster admit`, as an operator would. */
    private Node admitted(String name) throws Exception {
        Path data = dir.resolve(name);
        String peerId = NodeIdentity.loadOrCreate(data).peerId();
        Path cert = dir.resolve(name + ".cert");
        var made = CairnProcess.run(null, "cluster", "admit", peerId, "--key", aliceKey.toString(), "-o", cert.toString(), "--valid-for", "30d");
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        assertThat(made.stderr()).contains(peerId + " admitted by ed25519:");
        Node n = ClusterNodes.startOperated(data, trusted, null, cert, bootstrap());
        nodes.add(n);
        return n;
    }

    private Node mallorysNode() throws Exception {
        Node n = ClusterNodes.startOperated(dir.resolve("mallory"), malloryTrusted, malloryKey, null, bootstrap());
        nodes.add(n);
        return n;
    }

    @Test
    void nodes_admitted_by_a_trusted_operator_keep_its_pins_and_a_node_trusting_another_key_is_kept_out() throws Exception {
        Node admin = admin();
        Node b = admitted("b");
        Node c = admitted("c");
        Node mallory = mallorysNode();
        List<Node> cluster = List.of(admin, b, c);
        ClusterNodes.awaitMembers(cluster, cluster.size() - 1, BOUND);
        var info = Peers.getJson(b, "/api/v1/cluster");
        assertThat(info.get("kind").asText()).isEqualTo("operators");
        assertThat(info.get("cluster_id").asText()).startsWith("operators-").isEqualTo(Peers.getJson(admin, "/api/v1/cluster").get("cluster_id").asText());
        assertThat(info.path("signer").asText(null)).as("b holds no operator key").isNull();
        assertThat(Peers.getJson(admin, "/api/v1/cluster").get("signer").asText()).startsWith("ed25519:");

        String cid = add(b, TestData.sha256ctrBytes(2 << 20));
        var res = pin(admin, cid, "?replicas=3&name=records");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        await().atMost(BOUND).until(() -> holders(cluster, cid).size() == 3);
        assertThat(Peers.getJson(c, "/api/v1/pins/" + cid).get("signer").asText()).startsWith("ed25519:");

        // mallory's node trusts only her key: the members never take it in, nor it them
        String hers = add(mallory, TestData.sha256ctrBytes(1 << 20));
        assertThat(pin(mallory, hers, "?replicas=2").statusCode()).isEqualTo(202);
        Thread.sleep(6 * ClusterNodes.INTERVAL.toMillis());
        for (Node n : cluster) {
            assertThat(Peers.getJson(n, "/api/v1/cluster").get("members").findValuesAsText("peer_id")).doesNotContain(mallory.peerId());
            assertThat(n.cluster().status(Cid.parse(hers))).isEmpty();
        }
        assertThat(Peers.getJson(mallory, "/api/v1/cluster").get("members")).isEmpty();
        assertThat(mallory.cluster().status(Cid.parse(cid))).isEmpty();
        assertThat(holders(List.of(mallory), cid)).isEmpty();

        // a node that holds no key cannot make a pin operation of its own
        var refused = pin(b, cid, "?replicas=2");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("cannot_sign").contains("--key");
    }

    @Test
    void an_operator_pins_and_unpins_through_a_keyless_node_with_their_own_key_and_an_untrusted_key_is_refused() throws Exception {
        Node admin = admin();
        Node b = admitted("b");
        Node c = admitted("c");
        List<Node> cluster = List.of(admin, b, c);
        ClusterNodes.awaitMembers(cluster, cluster.size() - 1, BOUND);
        String cid = add(c, TestData.sha256ctrBytes(1 << 20));
        Path data = b.repo().dataDir();

        var pinned = CairnProcess.run(data, "pin", "add", cid, "--level", "standard", "--key", aliceKey.toString());
        assertThat(pinned.exitCode()).as(pinned.stderr()).isZero();
        assertThat(pinned.stdout()).contains("cluster pin " + cid + ": 2 replicas (standard)").contains("signed by ed25519:");
        await().atMost(BOUND).until(() -> holders(cluster, cid).size() == 2);

        var forged = CairnProcess.run(data, "pin", "add", cid, "--replicas", "3", "--key", malloryKey.toString());
        assertThat(forged.exitCode()).isEqualTo(1);
        assertThat(forged.stderr()).contains("not signed by a key this cluster accepts");
        Thread.sleep(4 * ClusterNodes.INTERVAL.toMillis());
        assertThat(holders(cluster, cid)).as("mallory's 3 replicas were not taken").hasSize(2);

        var members = CairnProcess.run(data, "cluster", "members");
        assertThat(members.exitCode()).as(members.stderr()).isZero();
        assertThat(members.stdout()).contains("(operators), cannot sign pin operations").contains(admin.peerId()).contains(c.peerId());

        var keyless = CairnProcess.run(data, "pin", "rm", cid);
        assertThat(keyless.exitCode()).isEqualTo(1);
        assertThat(keyless.stderr()).contains("holds no operator key");
        var removed = CairnProcess.run(data, "pin", "rm", cid, "--key", aliceKey.toString());
        assertThat(removed.exitCode()).as(removed.stderr()).isZero();
        await().atMost(BOUND).until(() -> holders(cluster, cid).isEmpty());
        for (Node n : cluster) await().atMost(BOUND).until(() -> n.cluster().status(Cid.parse(cid)).isEmpty());

        // through the API as a client would: alice's signed add, replayed after her later removal, is refused
        KeyPair alice = KeyFiles.readPrivate(aliceKey, null);
        String aliceId = KeyIds.of(alice.getPublic());
        PinOp add = signed(b, "{\"cid\": \"" + cid + "\", \"action\": \"add\", \"replicas\": 1, \"signer\": \"" + aliceId + "\"}", alice);
        assertThat(Peers.post(b, "/api/v1/cluster/ops", add.toJson().toString(), true).statusCode()).isEqualTo(202);
        PinOp removal = signed(b, "{\"cid\": \"" + cid + "\", \"action\": \"remove\", \"signer\": \"" + aliceId + "\"}", alice);
        assertThat(Peers.post(b, "/api/v1/cluster/ops", removal.toJson().toString(), true).statusCode()).isEqualTo(204);
        var replayed = Peers.post(b, "/api/v1/cluster/ops", add.toJson().toString(), true);
        assertThat(replayed.statusCode()).isEqualTo(409);
        assertThat(replayed.body()).contains("superseded");
        assertThat(b.cluster().status(Cid.parse(cid))).isEmpty();
        var unsigned = Peers.post(b, "/api/v1/cluster/ops", add.toJson().put("signature", "").toString(), true);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("untrusted_signer");
    }

    /** The node's draft of {@code request}, signed with {@code key}. */
    private static PinOp signed(Node node, String request, KeyPair key) throws Exception {
        var draft = Peers.post(node, "/api/v1/cluster/ops/draft", request, true);
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(200);
        return PinOp.fromJson(Peers.JSON.readTree(draft.body())).signedAs(KeyIds.of(key.getPublic()), m -> Ed25519.sign(key.getPrivate(), m));
    }
}
