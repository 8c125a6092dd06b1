package dev.cairn.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.keys.KeyIds;
import dev.cairn.keys.TrustedKeys;
import dev.cairn.store.Database;
import dev.cairn.store.MemoryBlockStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every verdict of the verifier, with real keys, real SQLite and content in a real (memory) block store. */
class ManifestVerifierTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2025-07-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    KeyPair alice = TestManifests.newKey();
    KeyPair mallory = TestManifests.newKey();
    Database db;
    ManifestSequences sequences;
    ManifestVerifier verifier;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("cairn.db"));
        sequences = new ManifestSequences(db);
        verifier = new ManifestVerifier(TestManifests.trusting(alice), sequences, NOW);
    }

    @AfterEach
    void close() {
        db.close();
    }

    VerifyResult verify(String json) throws Exception {
        return verifier.verify(json.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void a_valid_manifest_is_accepted_and_its_sequence_recorded() throws Exception {
        Manifest m = TestManifests.signed(alice, "dataset", 5);
        VerifyResult r = verify(TestManifests.json(m));
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.message()).isEqualTo("OK dataset 1.0.0 5 " + KeyIds.of(alice.getPublic()));
        assertThat(sequences.highest("dataset")).get().satisfies(s -> {
            assertThat(s.sequence()).isEqualTo(5);
            assertThat(s.signer()).isEqualTo(KeyIds.of(alice.getPublic()));
            assertThat(s.digest()).isEqualTo(ManifestCodec.digest(m));
        });
    }

    @Test
    void one_changed_character_anywhere_is_a_bad_signature() throws Exception {
        Manifest m = TestManifests.signed(alice, "dataset", 1);
        String json = TestManifests.json(m);
        String sha = m.files().get(1).sha256();
        String flipped = sha.substring(0, 10) + (sha.charAt(10) == 'a' ? 'b' : 'a') + sha.substring(11);
        for (String changed : List.of(json.replace(sha, flipped), json.replace("data team", "data teams"),
                json.replace("\"dataset\"", "\"datasat\""), json.replace("\"sequence\": 1", "\"sequence\": 2"),
                json.replace("data/sub/b.txt", "data/sub/c.txt"), json.replace("\"created\"", "\"level\": \"critical\", \"created\""))) {
            assertThat(changed).isNotEqualTo(json);
            VerifyResult r = verify(changed);
            assertThat(r.rejection()).as(r.message()).isEqualTo(Rejection.BAD_SIGNATURE);
            assertThat(r.message()).contains("is not " + m.signer() + "'s signature of this manifest");
        }
        assertThat(sequences.highest("dataset")).isEmpty();
    }

    @Test
    void a_manifest_re_signed_by_an_untrusted_key_is_untrusted() throws Exception {
        Manifest resigned = new ManifestSigner(mallory.getPrivate()).sign(TestManifests.signed(alice, "dataset", 1));
        VerifyResult r = verify(TestManifests.json(resigned));
        assertThat(r.rejection()).isEqualTo(Rejection.UNTRUSTED_KEY);
        assertThat(r.message()).isEqualTo("signer " + KeyIds.of(mallory.getPublic()) + " is not trusted: it is not among the test keys");
    }

    @Test
    void a_signer_replaced_by_another_trusted_key_with_the_signature_kept_is_a_bad_signature() throws Exception {
        verifier = new ManifestVerifier(TestManifests.trusting(alice, mallory), sequences, NOW);
        Manifest m = TestManifests.signed(alice, "dataset", 1);
        String swapped = TestManifests.json(m).replace(m.signer(), KeyIds.of(mallory.getPublic()));
        assertThat(verify(swapped).rejection()).isEqualTo(Rejection.BAD_SIGNATURE);
    }

    @Test
    void without_trusted_keys_the_message_says_why() throws Exception {
        verifier = new ManifestVerifier(TrustedKeys.none("no key is trusted without --trusted-keys DIR"), null, NOW);
        VerifyResult r = verify(TestManifests.json(TestManifests.signed(alice, "dataset", 1)));
        assertThat(r.rejection()).isEqualTo(Rejection.UNTRUSTED_KEY);
        assertThat(r.message()).endsWith("is not trusted: no key is trusted without --trusted-keys DIR");
    }

    @Test
    void an_older_sequence_after_a_newer_one_is_refused_and_the_same_one_again_accepted() throws Exception {
        assertThat(verify(TestManifests.json(TestManifests.signed(alice, "dataset", 5))).ok()).isTrue();
        Manifest older = TestManifests.signed(alice, "dataset", 3);
        VerifyResult r = verify(TestManifests.json(older));
        assertThat(r.rejection()).isEqualTo(Rejection.OLDER_SEQUENCE);
        assertThat(r.message()).isEqualTo("sequence 3 of dataset is older than 5, already seen");

        Manifest five = TestManifests.signed(alice, "dataset", 5);
        assertThat(verify(TestManifests.json(five)).ok()).isTrue();
        assertThat(verify(TestManifests.json(five)).ok()).as("re-verifying is idempotent").isTrue();
        assertThat(verify(TestManifests.json(TestManifests.signed(alice, "other-name", 1))).ok()).as("names count apart").isTrue();
        assertThat(verify(TestManifests.json(TestManifests.signed(alice, "dataset", 6))).ok()).isTrue();
        assertThat(sequences.highest("dataset").orElseThrow().sequence()).isEqualTo(6);
    }

    @Test
    void the_same_sequence_with_other_content_is_refused() throws Exception {
        Manifest first = TestManifests.signed(alice, "dataset", 5);
        assertThat(verify(TestManifests.json(first)).ok()).isTrue();
        Manifest other = new ManifestSigner(alice.getPrivate()).sign(TestManifests.unsigned("dataset", 5,
                List.of(TestManifests.file(null, "x.txt", "something else"))));
        VerifyResult r = verify(TestManifests.json(other));
        assertThat(r.rejection()).isEqualTo(Rejection.SEQUENCE_REUSED);
        assertThat(r.message()).startsWith("sequence 5 of dataset was already seen with different content");
    }

    @Test
    void an_expired_manifest_is_refused_with_its_expiry() throws Exception {
        ManifestSigner signer = new ManifestSigner(alice.getPrivate());
        Manifest m = signer.sign(Manifest.unsigned("dataset", "1", 1, TestManifests.CREATED, Instant.parse("2025-06-30T00:00:00Z"), null,
                List.of(TestManifests.file(null, "a", "a")), Map.of()));
        VerifyResult r = verify(TestManifests.json(m));
        assertThat(r.rejection()).isEqualTo(Rejection.EXPIRED);
        assertThat(r.message()).isEqualTo("dataset 1 expired at 2025-06-30T00:00:00Z (now 2025-07-01T00:00:00Z)");
        Manifest later = signer.sign(Manifest.unsigned("dataset", "1", 1, TestManifests.CREATED, Instant.parse("2025-07-01T00:00:01Z"), null,
                List.of(TestManifests.file(null, "a", "a")), Map.of()));
        assertThat(verify(TestManifests.json(later)).ok()).isTrue();
    }

    @Test
    void content_is_checked_by_cid_size_and_sha256() throws Exception {
        MemoryBlockStore store = new MemoryBlockStore();
        ManifestFile a = TestManifests.file(store, "a.txt", "alpha\n");
        ManifestFile b = TestManifests.file(store, "b.txt", "beta\n");
        ManifestSigner signer = new ManifestSigner(alice.getPrivate());
        ContentCheck content = new BlockContentCheck(store);

        assertThat(verifier.verify(signer.sign(TestManifests.unsigned("ok", 1, List.of(a, b))), content).ok()).isTrue();

        // Properly signed, but b's sha256 is a's: the content under b's CID does not match
        ManifestFile wrongSha = new ManifestFile(b.path(), b.cid(), b.size(), a.sha256(), b.mime());
        VerifyResult r = verifier.verify(signer.sign(TestManifests.unsigned("bad-sha", 1, List.of(a, wrongSha))), content);
        assertThat(r.rejection()).isEqualTo(Rejection.CONTENT_MISMATCH);
        assertThat(r.message()).isEqualTo("files[1] b.txt (" + b.cid() + "): sha256 expected " + a.sha256() + ", actual " + b.sha256());

        ManifestFile wrongSize = new ManifestFile(b.path(), b.cid(), 99, b.sha256(), b.mime());
        r = verifier.verify(signer.sign(TestManifests.unsigned("bad-size", 1, List.of(wrongSize))), content);
        assertThat(r.rejection()).isEqualTo(Rejection.CONTENT_MISMATCH);
        assertThat(r.message()).endsWith("size expected 99, actual 5");

        ManifestFile elsewhere = TestManifests.file(null, "c.txt", "not stored here");
        r = verifier.verify(signer.sign(TestManifests.unsigned("missing", 1, List.of(a, elsewhere))), content);
        assertThat(r.rejection()).isEqualTo(Rejection.CONTENT_MISSING);
        assertThat(r.message()).isEqualTo("files[1] c.txt (" + elsewhere.cid() + "): the content is not available locally");
        assertThat(sequences.highest("missing")).as("nothing is recorded for a rejected manifest").isEmpty();
    }

    @Test
    void a_read_only_sequence_store_is_checked_but_not_written() throws Exception {
        assertThat(verify(TestManifests.json(TestManifests.signed(alice, "dataset", 5))).ok()).isTrue();
        try (ManifestSequences readOnly = ManifestSequences.openReadOnly(dir.resolve("cairn.db"))) {
            ManifestVerifier v = new ManifestVerifier(TestManifests.trusting(alice), readOnly, NOW);
            byte[] older = TestManifests.json(TestManifests.signed(alice, "dataset", 4)).getBytes(StandardCharsets.UTF_8);
            assertThat(v.verify(older, null).rejection()).isEqualTo(Rejection.OLDER_SEQUENCE);
            byte[] newer = TestManifests.json(TestManifests.signed(alice, "dataset", 9)).getBytes(StandardCharsets.UTF_8);
            assertThat(v.verify(newer, null).ok()).isTrue();
        }
        assertThat(sequences.highest("dataset").orElseThrow().sequence()).isEqualTo(5);
    }

    @Test
    void malformed_json_is_malformed_with_the_reason() throws Exception {
        VerifyResult r = verify("{\"manifest_version\": 1}");
        assertThat(r.rejection()).isEqualTo(Rejection.MALFORMED);
        assertThat(r.message()).isEqualTo("name: missing");
        assertThat(r.manifest()).isNull();
    }
}
