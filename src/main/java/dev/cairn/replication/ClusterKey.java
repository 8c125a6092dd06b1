package dev.cairn.replication;

import dev.cairn.net.NodeIdentity;
import dev.cairn.net.PeerIds;
import dev.cairn.net.Protocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key every node of a cluster derives from the shared secret: an Ed25519 key whose seed is
 * SHA-256 of a context string and the secret. It signs pin operations (so only nodes with the
 * secret can change the pinset, and an operation relayed by anyone stays checkable) and proves
 * membership in both directions of the cluster exchange. Its id, written like a peer id, is the
 * cluster id; knowing the id reveals nothing of the secret.
 */
public final class ClusterKey {
    /** How far the clock in a request proof may be from ours. */
    static final long PROOF_WINDOW_MILLIS = 5 * 60_000;

    private final NodeIdentity key;

    private ClusterKey(NodeIdentity key) {
        this.key = key;
    }

    public static ClusterKey fromSecret(String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("cairn-cluster-key-v1\n".getBytes(StandardCharsets.UTF_8));
            sha.update(secret.getBytes(StandardCharsets.UTF_8));
            return new ClusterKey(NodeIdentity.fromSeed(sha.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cluster id: the public key, written as a libp2p peer id. */
    public String id() {
        return key.peerId();
    }

    byte[] sign(byte[] message) {
        return key.sign(message);
    }

    boolean verify(byte[] message, byte[] signature) {
        return PeerIds.verify(id(), message, signature);
    }

    /** The {@code X-Cairn-Cluster} header value a member sends with each cluster request: a signed, timed claim. */
    String requestProof(String requesterId, long nowMillis) {
        return nowMillis + "." + Protocol.encode(sign(requestPayload(requesterId, nowMillis)));
    }

    /** Whether {@code header} proves that {@code requesterId} holds the cluster key, within the clock window. */
    boolean checkRequestProof(String header, String requesterId, long nowMillis) {
        if (header == null || requesterId == null) return false;
        int dot = header.indexOf('.');
        if (dot <= 0) return false;
        try {
            long at = Long.parseLong(header.substring(0, dot));
            if (Math.abs(nowMillis - at) > PROOF_WINDOW_MILLIS) return false;
            return verify(requestPayload(requesterId, at), Protocol.decode(header.substring(dot + 1)));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static byte[] requestPayload(String requesterId, long at) {
        return ("cairn-cluster-request-v1\n" + at + "\n" + requesterId + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The answerer's proof of membership: the cluster key over the asker's fresh challenge and the answerer's id. */
    String answerProof(String challenge, String answererId) {
        return Protocol.encode(sign(answerPayload(challenge, answererId)));
    }

    boolean checkAnswerProof(String proof, String challenge, String answererId) {
        try {
            return verify(answerPayload(challenge, answererId), Protocol.decode(proof));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static byte[] answerPayload(String challenge, String answererId) {
        return ("cairn-cluster-answer-v1\n" + challenge + "\n" + answererId + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
