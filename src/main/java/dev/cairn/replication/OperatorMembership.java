package dev.cairn.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.keys.KeyFiles;
import dev.cairn.keys.KeyIds;
import dev.cairn.keys.KeyPasswordException;
import dev.cairn.keys.TrustedKeys;
import dev.cairn.net.NodeIdentity;
import dev.cairn.net.PeerIds;
import dev.cairn.net.Protocol;
import dev.cairn.util.Ed25519;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A cluster of operator keys: the public keys in {@code replication.operator_keys} are the only
 * ones whose pin operations count, and a node is a member when one of them has admitted it with
 * a {@link MemberCert}. No node needs a secret: each proves membership with its own node key and
 * its certificate, and a node that holds an operator key ({@code replication.operator_key})
 * signs the pin operations asked of it and admits itself.
 */
final class OperatorMembership implements Membership {
    /** The environment variable an encrypted operator key's password is read from when a node starts. */
    static final String PASSWORD_ENV = "CAIRN_KEY_PASSWORD";

    private final TrustedKeys operators;
    private final NodeIdentity node;
    private final MemberCert cert;
    private final KeyPair operatorKey; // null: this node cannot sign pin operations
    private final String clusterId;

    OperatorMembership(TrustedKeys operators, NodeIdentity node, MemberCert cert, KeyPair operatorKey) {
        this.operators = operators;
        this.node = node;
        this.cert = cert;
        this.operatorKey = operatorKey;
        this.clusterId = idOf(operators);
    }

    /**
     * Reads the trusted keys, this node's operator key and certificate, and checks that they make
     * this node a member; an error says which setting is wrong and how to fix it.
     */
    static OperatorMembership load(Path keysDir, Optional<Path> operatorKeyFile, Optional<Path> certFile, NodeIdentity node) throws IOException {
        TrustedKeys operators = TrustedKeys.fromDirectory(keysDir);
        if (operators.size() == 0) throw new IllegalArgumentException("replication.operator_keys: " + operators.source());
        KeyPair operatorKey = null;
        if (operatorKeyFile.isPresent()) {
            String password = System.getenv(PASSWORD_ENV);
            try {
                operatorKey = KeyFiles.readPrivate(operatorKeyFile.get(), password == null ? null : password.toCharArray());
            } catch (KeyPasswordException e) {
                throw new IOException("replication.operator_key: " + (e.problem() == KeyPasswordException.Problem.MISSING
                        ? "key " + e.file() + " is encrypted: set its password in " + PASSWORD_ENV
                        : "wrong password for key " + e.file() + " in " + PASSWORD_ENV), e);
            }
            String id = KeyIds.of(operatorKey.getPublic());
            if (!operators.trusts(id)) {
                throw new IllegalArgumentException("replication.operator_key: its public key " + id + " is not one of " + operators.source()
                        + "; copy its .pub file there on every node");
            }
        }
        MemberCert cert;
        if (certFile.isPresent()) {
            cert = MemberCert.read(certFile.get());
            String problem = cert.problem(operators, node.peerId(), Instant.now());
            if (problem != null) throw new IllegalArgumentException("replication.member_cert " + certFile.get() + " does not admit this node: " + problem);
        } else if (operatorKey != null) {
            cert = MemberCert.issue(operatorKey, node.peerId(), null);
        } else {
            throw new IllegalArgumentException("replication.operator_keys is set, but nothing admits this node to the cluster: set "
                    + "replication.member_cert to a certificate made with `cairn cluster admit " + node.peerId()
                    + " --key OPERATOR.key -o FILE`, or replication.operator_key");
        }
        return new OperatorMembership(operators, node, cert, operatorKey);
    }

    /** "operators-" and 16 hex digits of SHA-256 over the sorted key ids: nodes trusting the same keys show the same id. */
    static String idOf(TrustedKeys operators) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String id : operators.ids()) sha.update((id + "\n").getBytes(StandardCharsets.UTF_8));
            return "operators-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public String kind() {
        return "operators";
    }

    @Override
    public boolean canSign() {
        return operatorKey != null;
    }

    @Override
    public PinOp sign(PinOp op) {
        if (operatorKey == null) throw new IllegalStateException("this node holds no operator key; callers check canSign() first");
        return op.signedAs(signerId(), m -> Ed25519.sign(operatorKey.getPrivate(), m));
    }

    @Override
    public String signerId() {
        return operatorKey == null ? null : KeyIds.of(operatorKey.getPublic());
    }

    @Override
    public boolean accepts(PinOp op) {
        return operators.trusts(op.signer()) && op.signatureChecks((m, s) -> Ed25519.verify(KeyIds.publicKey(op.signer()), m, s));
    }

    @Override
    public RequestProof requestProof(long nowMillis) {
        String claim = nowMillis + "." + Protocol.encode(node.sign(requestPayload(node.peerId(), nowMillis)));
        return new RequestProof(claim, cert.toHeader());
    }

    @Override
    public void checkRequest(RequestProof proof, String requesterId, long nowMillis) {
        String why = requestProblem(proof, requesterId, nowMillis);
        if (why != null) throw new SecurityException("not a member of this cluster: " + why);
    }

    private String requestProblem(RequestProof proof, String requesterId, long nowMillis) {
        if (requesterId == null || !PeerIds.isValid(requesterId)) return "the request names no peer id";
        if (proof.certificate() == null) return "the request carries no " + RequestProof.CERT_HEADER + " certificate";
        String claim = proof.claim();
        int dot = claim == null ? -1 : claim.indexOf('.');
        if (dot <= 0) return "the request carries no signed " + RequestProof.CLAIM_HEADER + " claim";
        MemberCert theirs;
        try {
            theirs = MemberCert.fromHeader(proof.certificate());
            long at = Long.parseLong(claim.substring(0, dot));
            if (Math.abs(nowMillis - at) > ClusterKey.PROOF_WINDOW_MILLIS) return "the signed claim is not from the last few minutes: check the clocks";
            if (!PeerIds.verify(requesterId, requestPayload(requesterId, at), Protocol.decode(claim.substring(dot + 1)))) {
                return "the claim is not signed by the key of peer " + requesterId;
            }
        } catch (IllegalArgumentException malformed) {
            return malformed.getMessage();
        }
        String problem = theirs.problem(operators, requesterId, Instant.ofEpochMilli(nowMillis));
        return problem == null ? null : "its certificate does not admit it: " + problem;
    }

    private static byte[] requestPayload(String requesterId, long at) {
        return ("cairn-cluster-member-request-v1\n" + at + "\n" + requesterId + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void proveAnswer(ObjectNode answer, String challenge) {
        answer.put("proof", Protocol.encode(node.sign(answerPayload(challenge, node.peerId()))));
        answer.set("member_cert", cert.toJson());
    }

    @Override
    public String checkAnswer(JsonNode answer, String challenge, String answererId) {
        MemberCert theirs;
        try {
            theirs = MemberCert.fromJson(answer.get("member_cert"));
            if (!PeerIds.verify(answererId, answerPayload(challenge, answererId), Protocol.decode(answer.path("proof").asText("")))) {
                return "its answer is not signed by the key of peer " + answererId;
            }
        } catch (IllegalArgumentException malformed) {
            return malformed.getMessage();
        }
        String problem = theirs.problem(operators, answererId, Instant.now());
        return problem == null ? null : "its certificate does not admit it: " + problem;
    }

    private static byte[] answerPayload(String challenge, String answererId) {
        return ("cairn-cluster-member-answer-v1\n" + challenge + "\n" + answererId + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
