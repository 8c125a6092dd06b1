package dev.cairn.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.net.NodeIdentity;
import java.io.IOException;
import java.util.Optional;

/**
 * What makes a node a member of its cluster, and whose pin operations count. Two kinds:
 * {@link SecretMembership}, where every node holds one key derived from a shared secret, and
 * {@link OperatorMembership}, where operators' keys sign the pin operations and admit nodes
 * one by one. The cluster exchange asks this, never the configuration.
 */
sealed interface Membership permits SecretMembership, OperatorMembership {
    /** The membership {@code options} describe for this node, empty when it is in no cluster; an error says which setting is wrong. */
    static Optional<Membership> of(ReplicationOptions options, NodeIdentity node) throws IOException {
        if (options.clusterSecret().isPresent() && options.operatorKeys().isPresent()) {
            throw new IllegalArgumentException("set replication.cluster_secret or replication.operator_keys, not both: "
                    + "a cluster is defined by one shared secret or by its operators' keys");
        }
        if (options.operatorKeys().isEmpty()) {
            if (options.operatorKey().isPresent()) throw needsOperatorKeys("replication.operator_key");
            if (options.memberCert().isPresent()) throw needsOperatorKeys("replication.member_cert");
        }
        if (options.clusterSecret().isPresent()) return Optional.of(new SecretMembership(ClusterKey.fromSecret(options.clusterSecret().get()), node.peerId()));
        if (options.operatorKeys().isPresent()) {
            return Optional.of(OperatorMembership.load(options.operatorKeys().get(), options.operatorKey(), options.memberCert(), node));
        }
        return Optional.empty();
    }

    private static IllegalArgumentException needsOperatorKeys(String key) {
        return new IllegalArgumentException(key + " is set but replication.operator_keys is not: set it to the folder of the operators' public keys");
    }

    /** Shown by the API and in logs; an answer naming another cluster id is not from a member. */
    String clusterId();

    /** "secret" or "operators". */
    String kind();

    /** Whether this node can sign pin operations itself (with the cluster key, or an operator key it holds). */
    boolean canSign();

    /** {@code op} signed by this node's signing key; only when {@link #canSign()}. */
    PinOp sign(PinOp op);

    /** The key id this node signs pin operations with, or null. */
    String signerId();

    /** Whether {@code op} carries a valid signature by a key whose operations this cluster accepts. */
    boolean accepts(PinOp op);

    /** The proof headers this node sends with each cluster request. */
    RequestProof requestProof(long nowMillis);

    /** Throws SecurityException, saying why, unless {@code proof} shows that {@code requesterId} is a member. */
    void checkRequest(RequestProof proof, String requesterId, long nowMillis);

    /** Adds to a status answer this node's proof of membership over the asker's challenge. */
    void proveAnswer(ObjectNode answer, String challenge);

    /** Null if {@code answer} proves that {@code answererId} is a member, answering {@code challenge}; else why not. */
    String checkAnswer(JsonNode answer, String challenge, String answererId);

    /** The headers of a cluster request: the signed, timed claim and, with operator keys, the member certificate. */
    record RequestProof(String claim, String certificate) {
        static final String CLAIM_HEADER = "X-Cairn-Cluster";
        static final String CERT_HEADER = "X-Cairn-Member";
    }
}
