package dev.cairn.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.Node;
import dev.cairn.NodeSettings;
import dev.cairn.api.ServerOptions;
import dev.cairn.content.Cid;
import dev.cairn.net.NetworkOptions;
import dev.cairn.net.PeerAddress;
import dev.cairn.net.Peers;
import dev.cairn.store.Quota;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Real cluster nodes on 127.0.0.1: one-second discovery, half-second cluster rounds, a repair delay of seconds. */
final class ClusterNodes {
    static final Duration INTERVAL = Duration.ofMillis(500);
    static final Duration REPAIR_DELAY = Duration.ofSeconds(3);

    private ClusterNodes() {}

    static Node start(Path dataDir, String secret, Quota quota, List<Node> bootstrap) throws IOException {
        return start(dataDir, ReplicationOptions.secret(secret, REPAIR_DELAY, INTERVAL, Duration.ofDays(30)), quota, bootstrap);
    }

    /** A node of a cluster of operator keys: trusting the keys in {@code trusted}, with an operator key or a certificate (or null). */
    static Node startOperated(Path dataDir, Path trusted, Path operatorKey, Path memberCert, List<Node> bootstrap) throws IOException {
        return start(dataDir, new ReplicationOptions(Optional.empty(), Optional.of(trusted), Optional.ofNullable(operatorKey),
                Optional.ofNullable(memberCert), REPAIR_DELAY, INTERVAL, Duration.ofDays(30)), Quota.UNLIMITED, bootstrap);
    }

    /** Waits until every node of {@code members} hears from at least {@code others} cluster members. */
    static void awaitMembers(List<Node> members, int others, Duration bound) {
        await().atMost(bound).until(() -> members.stream().allMatch(n -> {
            try {
                return Peers.getJson(n, "/api/v1/cluster").get("members").size() >= others;
            } catch (Exception e) {
                return false;
            }
        }));
    }

    /** Uploads {@code content} to {@code node}, unpinned; its CID. */
    static String add(Node node, byte[] content) throws Exception {
        var res = Peers.upload(node, content, "?name=data.bin&pin=false");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        return Peers.JSON.readTree(res.body()).get("cid").asText();
    }

    /** {@code POST /api/v1/pins/{cid}{query}} with the node's token. */
    static HttpResponse<String> pin(Node node, String cid, String query) throws Exception {
        return Peers.HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/pins/" + cid + query))
                .header("Authorization", "Bearer " + Peers.token(node)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The peer ids of the running nodes that hold {@code cid} whole for the cluster. */
    static Set<String> holders(List<Node> among, String cid) {
        Cid c = Cid.parse(cid).toV1();
        return among.stream().filter(n -> {
            try {
                return n.repo().pins().holds().contains(c);
            } catch (Exception e) {
                return false;
            }
        }).map(Node::peerId).collect(Collectors.toSet());
    }

    static Node start(Path dataDir, ReplicationOptions replication, Quota quota, List<Node> bootstrap) throws IOException {
        List<PeerAddress> peers = new ArrayList<>();
        for (Node b : bootstrap) peers.add(new PeerAddress("127.0.0.1", b.port()));
        return Node.start(NodeSettings.of(dataDir, ServerOptions.defaults("127.0.0.1", 0), quota)
                .withNetwork(NetworkOptions.of(peers, Duration.ofSeconds(1), 50))
                .withReplication(replication));
    }
}
