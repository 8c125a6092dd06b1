package dev.cairn.replication;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.metrics.ReplicationMetrics;
import dev.cairn.net.PeerAddress;
import dev.cairn.net.PeerClient;
import dev.cairn.net.Protocol;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The member side of the cluster exchange: status and pinset requests, each carrying this
 * node's proof of membership, through the node's {@link PeerClient} (size-capped answers;
 * a refusal is a {@link PeerClient.PeerException} with its status), counted in the metrics.
 */
final class ClusterClient {
    static final String PROOF_HEADER = "X-Cairn-Cluster";
    static final String STATUS = Protocol.PREFIX + "/cluster/status";
    static final String PINSET = Protocol.PREFIX + "/cluster/pinset";

    private final PeerClient peers;
    private final ClusterKey key;
    private final ReplicationMetrics metrics;

    ClusterClient(PeerClient peers, ClusterKey key, ReplicationMetrics metrics) {
        this.peers = peers;
        this.key = key;
        this.metrics = metrics;
    }

    JsonNode status(PeerAddress to, String challenge, String holdingsVersion) throws IOException {
        return get(to, STATUS + "?challenge=" + challenge + "&holdings_version=" + URLEncoder.encode(holdingsVersion, StandardCharsets.UTF_8));
    }

    JsonNode pinset(PeerAddress to, long since, int limit) throws IOException {
        return get(to, PINSET + "?since=" + since + "&limit=" + limit);
    }

    private JsonNode get(PeerAddress to, String path) throws IOException {
        return peers.send(peers.request(to, path).header(PROOF_HEADER, key.requestProof(peers.selfId(), System.currentTimeMillis()))
                .GET().build(), metrics::exchanged);
    }
}
