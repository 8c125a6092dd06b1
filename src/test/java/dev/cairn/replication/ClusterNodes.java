package dev.cairn.replication;

import dev.cairn.Node;
import dev.cairn.NodeSettings;
import dev.cairn.api.ServerOptions;
import dev.cairn.net.NetworkOptions;
import dev.cairn.net.PeerAddress;
import dev.cairn.store.Quota;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    static Node start(Path dataDir, ReplicationOptions replication, Quota quota, List<Node> bootstrap) throws IOException {
        List<PeerAddress> peers = new ArrayList<>();
        for (Node b : bootstrap) peers.add(new PeerAddress("127.0.0.1", b.port()));
        return Node.start(NodeSettings.of(dataDir, ServerOptions.defaults("127.0.0.1", 0), quota)
                .withNetwork(NetworkOptions.of(peers, Duration.ofSeconds(1), 50))
                .withReplication(replication));
    }
}
