package dev.cairn.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.content.Cid;
import dev.cairn.keys.KeyFiles;
import dev.cairn.keys.KeyIds;
import dev.cairn.net.NodeIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two kinds of cluster membership, checked the way the exchange checks them: which settings
 * make a member (and the errors for those that do not), whose operations count, and which
 * request and answer proofs pass.
 */
class MembershipTest {
    private static final Cid CID = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    private static final Duration D = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final KeyPair alice = MemberCertTest.generate();
    private final KeyPair mallory = MemberCertTest.generate();
    private Path trusted;
    private Path aliceKey;
    private Path malloryKey;
    private Path encryptedKey;

    @BeforeEach
    void keys() throws Exception {
        trusted = Files.createDirectories(dir.resolve("trusted"));
        Path keys = Files.createDirectories(dir.resolve("keys"));
        aliceKey = keys.resolve("alice.key");
        KeyFiles.write(alice, null, aliceKey, trusted.resolve("alice.pub"));
        malloryKey = keys.resolve("mallory.key");
        KeyFiles.write(mallory, null, malloryKey, keys.resolve("mallory.pub"));
        encryptedKey = keys.resolve("sealed.key");
        KeyPair sealed = MemberCertTest.generate();
        KeyFiles.write(sealed, "a password".toCharArray(), encryptedKey, trusted.resolve("sealed.pub"));
    }

    private static NodeIdentity identity(int seed) {
        byte[] s = new byte[32];
        s[0] = (byte) seed;
        return NodeIdentity.fromSeed(s);
    }

    private static ReplicationOptions operated(Path keys, Path operatorKey, Path cert) {
        return new ReplicationOptions(Optional.empty(), Optional.ofNullable(keys), Optional.ofNullable(operatorKey), Optional.ofNullable(cert), D,
                D, Duration.ofDays(30));
    }

    private Path cert(KeyPair by, NodeIdentity node, Duration validFor) throws Exception {
        Path f = dir.resolve(node.peerId().substring(40) + "-" + System.nanoTime() + ".cert");
        Files.writeString(f, MemberCert.issue(by, node.peerId(), validFor).toPrettyString());
        return f;
    }

    @Test
    void settings_that_make_no_member_fail_saying_which_and_how_to_fix_it() throws Exception {
        NodeIdentity node = identity(1);
        assertThat(Membership.of(ReplicationOptions.none(), node)).isEmpty();
        var both = new ReplicationOptions(Optional.of("a cluster secret of some length"), Optional.of(trusted), Optional.of(aliceKey),
                Optional.empty(), D, D, Duration.ofDays(30));
        assertThatThrownBy(() -> Membership.of(both, node)).hasMessageContaining("not both");
        assertThatThrownBy(() -> Membership.of(operated(null, aliceKey, null), node))
                .hasMessageContaining("replication.operator_key is set but replication.operator_keys is not");
        assertThatThrownBy(() -> Membership.of(operated(trusted, null, null), node))
                .hasMessageContaining("nothing admits this node").hasMessageContaining("cairn cluster admit " + node.peerId());
        assertThatThrownBy(() -> Membership.of(operated(trusted, malloryKey, null), node))
                .hasMessageContaining("replication.operator_key").hasMessageContaining("is not one of");
        assertThatThrownBy(() -> Membership.of(operated(trusted, null, cert(mallory, node, null)), node))
                .hasMessageContaining("does not admit this node").hasMessageContaining("is not one of");
        assertThatThrownBy(() -> Membership.of(operated(trusted, null, cert(alice, identity(2), null)), node))
                .hasMessageContaining("does not admit this node: it admits");
        Path expiring = cert(alice, node, Duration.ofMillis(1));
        Thread.sleep(5);
        assertThatThrownBy(() -> Membership.of(operated(trusted, null, expiring), node)).hasMessageContaining("it expired at");
        assertThatThrownBy(() -> Membership.of(operated(trusted, encryptedKey, null), node))
                .hasMessageContaining("is encrypted").hasMessageContaining("CAIRN_KEY_PASSWORD");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Membership.of(operated(empty, null, null), node)).hasMessageContaining("there are no .pub files");
    }

    @Test
    void only_operations_signed_by_a_trusted_operator_count_and_a_node_without_a_key_cannot_sign() throws Exception {
        NodeIdentity admin = identity(1);
        NodeIdentity member = identity(2);
        Membership withKey = Membership.of(operated(trusted, aliceKey, null), admin).orElseThrow();
        Membership withCert = Membership.of(operated(trusted, null, cert(alice, member, null)), member).orElseThrow();
        assertThat(withKey.kind()).isEqualTo("operators");
        assertThat(withKey.clusterId()).isEqualTo(withCert.clusterId()).startsWith("operators-");
        assertThat(withKey.canSign()).isTrue();
        assertThat(withKey.signerId()).isEqualTo(KeyIds.of(alice.getPublic()));
        assertThat(withCert.canSign()).isFalse();
        assertThat(withCert.signerId()).isNull();

        PinOp draft = new PinOp(CID, PinOp.Action.ADD, 2, null, "x", 10, 1000, admin.peerId(), withKey.signerId(), "");
        PinOp signed = withKey.sign(draft);
        assertThat(withCert.accepts(signed)).isTrue();
        assertThat(withCert.accepts(draft)).as("unsigned").isFalse();
        PinOp byMallory = draft.signedAs(KeyIds.of(mallory.getPublic()), m -> dev.cairn.util.Ed25519.sign(mallory.getPrivate(), m));
        assertThat(withCert.accepts(byMallory)).as("signed by a key nobody trusts").isFalse();
        PinOp claimingAlice = new PinOp(CID, PinOp.Action.ADD, 2, null, "x", 10, 1000, admin.peerId(), withKey.signerId(), byMallory.signature());
        assertThat(withCert.accepts(claimingAlice)).as("mallory's signature under alice's name").isFalse();
        PinOp widened = new PinOp(CID, PinOp.Action.ADD, 5, null, "x", 10, 1000, admin.peerId(), signed.signer(), signed.signature());
        assertThat(withCert.accepts(widened)).as("a changed replica count").isFalse();

        Membership secret = Membership.of(ReplicationOptions.secret("a secret of sixteen+ chars", D, D, D), admin).orElseThrow();
        assertThat(secret.accepts(signed)).as("a cluster of a secret takes no operator's operations").isFalse();
        assertThat(withCert.accepts(secret.sign(draft))).as("nor the other way round").isFalse();
    }

    @Test
    void requests_and_answers_pass_only_with_the_senders_own_key_and_a_trusted_certificate() throws Exception {
        NodeIdentity a = identity(1);
        NodeIdentity b = identity(2);
        NodeIdentity outsider = identity(3);
        Membership ma = Membership.of(operated(trusted, aliceKey, null), a).orElseThrow();
        Membership mb = Membership.of(operated(trusted, null, cert(alice, b, null)), b).orElseThrow();
        Path untrusting = Files.createDirectories(dir.resolve("mallory-trusted"));
        Files.copy(malloryKey.resolveSibling("mallory.pub"), untrusting.resolve("mallory.pub"));
        Membership mo = Membership.of(operated(untrusting, malloryKey, null), outsider).orElseThrow();
        long now = System.currentTimeMillis();

        Membership.RequestProof fromB = mb.requestProof(now);
        ma.checkRequest(fromB, b.peerId(), now); // passes
        assertThatThrownBy(() -> ma.checkRequest(fromB, outsider.peerId(), now)).as("b's proof replayed under another id")
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> ma.checkRequest(fromB, b.peerId(), now + 10 * 60_000)).hasMessageContaining("last few minutes");
        assertThatThrownBy(() -> ma.checkRequest(new Membership.RequestProof(fromB.claim(), null), b.peerId(), now))
                .hasMessageContaining("no X-Cairn-Member certificate");
        Membership.RequestProof fromOutsider = mo.requestProof(now);
        assertThatThrownBy(() -> ma.checkRequest(fromOutsider, outsider.peerId(), now)).hasMessageContaining("is not one of");
        // the outsider shows b's certificate with its own claim: the claim is not signed by b's key
        assertThatThrownBy(() -> ma.checkRequest(new Membership.RequestProof(fromOutsider.claim(), fromB.certificate()), b.peerId(), now))
                .hasMessageContaining("not signed by the key of peer " + b.peerId());
        assertThatThrownBy(() -> ma.checkRequest(new Membership.RequestProof("1.2", "%%%"), b.peerId(), now))
                .hasMessageContaining("malformed member certificate");

        ObjectNode answer = new ObjectMapper().createObjectNode();
        mb.proveAnswer(answer, "challenge-1");
        assertThat(ma.checkAnswer(answer, "challenge-1", b.peerId())).isNull();
        assertThat(ma.checkAnswer(answer, "challenge-2", b.peerId())).as("an old answer to another challenge").contains("not signed");
        ObjectNode theirs = new ObjectMapper().createObjectNode();
        mo.proveAnswer(theirs, "challenge-1");
        assertThat(ma.checkAnswer(theirs, "challenge-1", outsider.peerId())).contains("is not one of");
        assertThat(mo.checkAnswer(answer, "challenge-1", b.peerId())).as("the outsider does not take b either").contains("is not one of");
        assertThat(ma.checkAnswer(new ObjectMapper().createObjectNode(), "challenge-1", b.peerId())).contains("JSON object");
    }
}
