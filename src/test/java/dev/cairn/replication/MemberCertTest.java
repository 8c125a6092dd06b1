package dev.cairn.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.keys.KeyIds;
import dev.cairn.keys.TrustedKeys;
import dev.cairn.net.NodeIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Membership certificates: what an operator signs, and every way one fails to admit a node. */
class MemberCertTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyPair alice = generate();
    private final KeyPair mallory = generate();
    private final TrustedKeys trusted = TrustedKeys.of(List.of(alice.getPublic()), "alice's key");
    private final String node = NodeIdentity.fromSeed(new byte[32]).peerId();
    private final String other = NodeIdentity.fromSeed(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
            22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}).peerId();

    @TempDir
    Path dir;

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_certificate_admits_its_node_under_its_signers_key_through_a_file_and_a_header() throws Exception {
        MemberCert cert = MemberCert.issue(alice, node, Duration.ofDays(1));
        assertThat(cert.signer()).isEqualTo(KeyIds.of(alice.getPublic()));
        assertThat(cert.problem(trusted, node, Instant.now())).isNull();

        Path file = dir.resolve("node.cert");
        Files.writeString(file, cert.toPrettyString());
        assertThat(MemberCert.read(file)).isEqualTo(cert);
        assertThat(MemberCert.fromHeader(cert.toHeader())).isEqualTo(cert);
        assertThat(MemberCert.issue(alice, node, null).expires()).as("no --valid-for: no expiry").isNull();
    }

    @Test
    void another_node_an_untrusted_signer_a_changed_field_and_expiry_each_fail_with_their_reason() throws Exception {
        MemberCert cert = MemberCert.issue(alice, node, Duration.ofHours(1));
        Instant now = Instant.now();
        assertThat(cert.problem(trusted, other, now)).contains("it admits " + node + ", not " + other);
        assertThat(MemberCert.issue(mallory, node, null).problem(trusted, node, now)).contains("is not one of alice's key");
        assertThat(cert.problem(trusted, node, now.plus(Duration.ofHours(2)))).startsWith("it expired at");

        ObjectNode stretched = cert.toJson();
        stretched.put("expires", now.plus(Duration.ofDays(3650)).toString());
        assertThat(MemberCert.fromJson(stretched).problem(trusted, node, now)).contains("signature does not match");
        ObjectNode moved = cert.toJson();
        moved.put("peer_id", other);
        assertThat(MemberCert.fromJson(moved).problem(trusted, other, now)).contains("signature does not match");
        // a signature of mallory's over a certificate naming alice as signer
        ObjectNode forged = MemberCert.issue(mallory, node, null).toJson();
        forged.put("signer", KeyIds.of(alice.getPublic()));
        assertThat(MemberCert.fromJson(forged).problem(trusted, node, now)).contains("signature does not match");
    }

    @Test
    void malformed_certificates_are_refused_saying_what_is_wrong() throws Exception {
        ObjectNode good = MemberCert.issue(alice, node, null).toJson();
        assertThatThrownBy(() -> MemberCert.fromJson(good.deepCopy().put("extra", "x"))).hasMessageContaining("unknown field 'extra'");
        assertThatThrownBy(() -> MemberCert.fromJson(good.deepCopy().put("peer_id", "bob"))).hasMessageContaining("not a peer id");
        assertThatThrownBy(() -> MemberCert.fromJson(good.deepCopy().put("issued", "yesterday"))).hasMessageContaining("'issued'");
        assertThatThrownBy(() -> MemberCert.fromJson(good.deepCopy().put("type", "manifest"))).hasMessageContaining("not a member certificate");
        ObjectNode noSigner = good.deepCopy();
        noSigner.remove("signer");
        assertThatThrownBy(() -> MemberCert.fromJson(noSigner)).hasMessageContaining("lacks 'signer'");
        assertThatThrownBy(() -> MemberCert.fromHeader("!!!")).hasMessageContaining("malformed member certificate");
        assertThatThrownBy(() -> MemberCert.fromJson(JSON.readTree("[1]"))).hasMessageContaining("JSON object");

        Path big = dir.resolve("big.cert");
        Files.writeString(big, " ".repeat(MemberCert.MAX_BYTES + 1));
        assertThatThrownBy(() -> MemberCert.read(big)).hasMessageContaining("larger than");
        Path notJson = dir.resolve("x.cert");
        Files.writeString(notJson, "hello");
        assertThatThrownBy(() -> MemberCert.read(notJson)).hasMessageContaining(notJson.toString());
    }
}
