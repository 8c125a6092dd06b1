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
    static final String STATUS = Protocol.PREFIX + "/cluster/status";
    static final String PINSET = Protocol.PREFIX + "/cluster/pinset";

    private final PeerClient peers;
    private final Membership membership;
    private final ReplicationMetrics metrics;

    ClusterClient(PeerClient peers, Membership membership, ReplicationMetrics metrics) {
        this.peers = peers;
        this.membership = membership;
        this.metrics = metrics;
    }

    JsonNode status(PeerAddress to, String challenge, String holdingsVersion) throws IOException {
        return get(to, STATUS + "?challenge=" + challenge + "&holdings_version=" + URLEncoder.encode(holdingsVersion, StandardCharsets.UTF_8));
    }

    JsonNode pinset(PeerAddress to, long since, int limit) throws IOException {
        return get(to, PINSET + "?since=" + since + "&limit=" + limit);
    }

    private JsonNode get(PeerAddress to, String path) throws IOException {
        Membership.RequestProof proof = membership.requestProof(System.currentTimeMillis());
        var request = peers.request(to, path).header(Membership.RequestProof.CLAIM_HEADER, proof.claim());
        if (proof.certificate() != null) request.header(Membership.RequestProof.CERT_HEADER, proof.certificate());
        return peers.send(request.GET().build(), metrics::exchanged);
    }
}
