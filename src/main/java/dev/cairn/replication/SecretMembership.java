package dev.cairn.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A cluster of one shared secret: the {@link ClusterKey} signs every operation and proves every member. */
final class SecretMembership implements Membership {
    private final ClusterKey key;
    private final String self;

    SecretMembership(ClusterKey key, String selfId) {
        this.key = key;
        this.self = selfId;
    }

    @Override
    public String clusterId() {
        return key.id();
    }

    @Override
    public String kind() {
        return "secret";
    }

    @Override
    public boolean canSign() {
        return true;
    }

    @Override
    public PinOp sign(PinOp op) {
        return op.signedAs(key.id(), key::sign);
    }

    @Override
    public String signerId() {
        return key.id();
    }

    @Override
    public boolean accepts(PinOp op) {
        return op.signedBy(key);
    }

    @Override
    public RequestProof requestProof(long nowMillis) {
        return new RequestProof(key.requestProof(self, nowMillis), null);
    }

    @Override
    public void checkRequest(RequestProof proof, String requesterId, long nowMillis) {
        if (!key.checkRequestProof(proof.claim(), requesterId, nowMillis)) {
            throw new SecurityException("not a member of this cluster: the request carries no valid " + RequestProof.CLAIM_HEADER
                    + " proof for peer " + requesterId);
        }
    }

    @Override
    public void proveAnswer(ObjectNode answer, String challenge) {
        answer.put("proof", key.answerProof(challenge, self));
    }

    @Override
    public String checkAnswer(JsonNode answer, String challenge, String answererId) {
        if (!key.id().equals(answer.path("cluster").asText(""))) return "it is in another cluster (" + answer.path("cluster").asText("none") + ")";
        if (!key.checkAnswerProof(answer.path("proof").asText(""), challenge, answererId)) return "its proof of the cluster key does not check";
        return null;
    }
}
