package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.Node;
import dev.cairn.NodeSettings;
import dev.cairn.api.ServerOptions;
import dev.cairn.catalog.Catalog;
import dev.cairn.content.Cid;
import dev.cairn.keys.KeyFiles;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.ManifestFile;
import dev.cairn.manifest.ManifestSequences;
import dev.cairn.manifest.ManifestSigner;
import dev.cairn.store.Pin;
import dev.cairn.store.Quota;
import dev.cairn.store.Repo;
import dev.cairn.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn manifest create} and {@code verify} in-process, on real files, a real repository and real keys. */
class ManifestCommandTest {
    @TempDir
    Path dir;

    Path keys;
    Path tree;
    String keyId;

    InProcessCairn cairn() {
        return cairn(Map.of());
    }

    InProcessCairn cairn(Map<String, String> env) {
        return new InProcessCairn(dir.resolve("data"), env);
    }

    /** For commands that must not need a data directory: one that does not exist. */
    InProcessCairn nowhere() {
        return new InProcessCairn(dir.resolve("no-data-dir"), Map.of());
    }

    @BeforeEach
    void keysAndFiles() throws Exception {
        keys = dir.resolve("keys");
        var k = cairn().run("keygen", "-o", keys.toString(), "-n", "alice");
        assertThat(k.exitCode()).as(k.stderr()).isZero();
        keyId = k.lines().getFirst();
        tree = Files.createDirectories(dir.resolve("release/tree/sub")).getParent();
        Files.writeString(tree.resolve("a.txt"), "alpha\n");
        TestData.writeRandomFile(tree.resolve("sub/b.bin"), 1_500_000, 5);
        Files.writeString(tree.resolve(".hidden"), "left out\n");
    }

    Path create(String name, String version, String... more) {
        Path out = dir.resolve(name + "-" + version + ".json");
        List<String> args = new java.util.ArrayList<>(List.of("manifest", "create", tree.toString(), "--key", keys.resolve("alice.key").toString(),
                "--name", name, "--version", version, "-o", out.toString()));
        args.addAll(List.of(more));
        var r = cairn().run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return out;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void create_adds_and_pins_the_files_and_the_manifest_verifies() throws Exception {
        Path m = create("dataset", "1.0.0", "--meta", "owner=data team", "--level", "important", "--expires", "30d");
        JsonNode json = new ObjectMapper().readTree(m.toFile());
        assertThat(json.get("name").asText()).isEqualTo("dataset");
        assertThat(json.get("sequence").asLong()).isEqualTo(1);
        assertThat(json.get("level").asText()).isEqualTo("important");
        assertThat(json.get("metadata").get("owner").asText()).isEqualTo("data team");
        assertThat(Instant.parse(json.get("expires").asText())).isAfter(Instant.parse(json.get("created").asText()).plusSeconds(29 * 86400));
        assertThat(json.get("signer").asText()).isEqualTo(keyId);
        JsonNode files = json.get("files");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("path").asText()).isEqualTo("tree/a.txt");
        assertThat(files.get(0).get("sha256").asText()).isEqualTo(sha256(tree.resolve("a.txt")));
        assertThat(files.get(0).get("size").asLong()).isEqualTo(6);
        assertThat(files.get(0).get("mime").asText()).isEqualTo("text/plain");
        assertThat(files.get(1).get("path").asText()).isEqualTo("tree/sub/b.bin");
        assertThat(files.get(1).get("sha256").asText()).isEqualTo(sha256(tree.resolve("sub/b.bin")));

        // added as 'cairn add' adds: same CIDs, pinned, in the library
        var add = cairn().run("add", "-q", tree.resolve("sub/b.bin").toString());
        assertThat(add.lines()).containsExactly(files.get(1).get("cid").asText());
        try (Repo repo = Repo.open(dir.resolve("data"), Quota.UNLIMITED)) {
            for (JsonNode f : files) {
                Cid cid = Cid.parse(f.get("cid").asText());
                assertThat(repo.pins().get(cid)).get().extracting(Pin::mode).isEqualTo(Pin.Mode.RECURSIVE);
                assertThat(new Catalog(repo.database()).find(cid.toString())).isPresent();
            }
        }

        var ok = cairn().run("manifest", "verify", m.toString(), "--trusted-keys", keys.toString(), "--check-content");
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(ok.lines()).containsExactly("OK dataset 1.0.0 1 " + keyId);
    }

    @Test
    void the_sequence_follows_the_manifest_being_replaced() throws Exception {
        Path m = create("dataset", "1");
        assertThat(ManifestCodec.parse(Files.readAllBytes(m)).sequence()).isEqualTo(1);
        Files.move(m, dir.resolve("current.json"));
        Path current = dir.resolve("current.json");
        for (long expected : new long[] {2, 3}) {
            var r = cairn().run("manifest", "create", tree.toString(), "--key", keys.resolve("alice.key").toString(), "--name", "dataset",
                    "--version", "v" + expected, "-o", current.toString());
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderr()).contains("signed dataset v" + expected + " sequence " + expected + " (2 files) with " + keyId);
            assertThat(ManifestCodec.parse(Files.readAllBytes(current)).sequence()).isEqualTo(expected);
        }
        var renamed = cairn().run("manifest", "create", tree.toString(), "--key", keys.resolve("alice.key").toString(), "--name", "other",
                "--version", "1", "-o", current.toString());
        assertThat(renamed.exitCode()).isZero();
        assertThat(ManifestCodec.parse(Files.readAllBytes(current)).sequence()).isEqualTo(1);
        var explicit = cairn().run("manifest", "create", tree.toString(), "--key", keys.resolve("alice.key").toString(), "--name", "other",
                "--version", "1", "--sequence", "40");
        assertThat(ManifestCodec.parse(explicit.stdout().getBytes()).sequence()).as("to stdout").isEqualTo(40);
    }

    @Test
    void verify_needs_no_data_directory_and_creates_none() throws Exception {
        Path m = create("dataset", "1");
        var ok = nowhere().run("manifest", "verify", m.toString(), "--trusted-keys", keys.toString());
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(ok.stdout()).isEqualTo("OK dataset 1 1 " + keyId + "\n");

        var untrusted = nowhere().run("manifest", "verify", m.toString());
        assertThat(untrusted.exitCode()).isEqualTo(1);
        assertThat(untrusted.stderr()).isEqualTo("cairn: " + m + ": UNTRUSTED_KEY: signer " + keyId
                + " is not trusted: no key is trusted without --trusted-keys DIR or .pub files in " + dir.resolve("no-data-dir/trusted-keys") + "\n");

        var missing = nowhere().run("manifest", "verify", m.toString(), "--trusted-keys", keys.toString(), "--check-content");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains(": CONTENT_MISSING: files[0] tree/a.txt (").contains("(no repository in ");
        assertThat(dir.resolve("no-data-dir")).doesNotExist();
    }

    @Test
    void the_data_directory_s_trusted_keys_folder_is_the_default() throws Exception {
        Path m = create("dataset", "1");
        Path trusted = Files.createDirectories(dir.resolve("data/trusted-keys"));
        var none = cairn().run("manifest", "verify", m.toString());
        assertThat(none.stderr()).contains("UNTRUSTED_KEY").contains("there are no .pub files in " + trusted);
        Files.copy(keys.resolve("alice.pub"), trusted.resolve("alice.pub"));
        assertThat(cairn().run("manifest", "verify", m.toString()).exitCode()).isZero();
        Files.writeString(trusted.resolve("broken.pub"), "not a key");
        var broken = cairn().run("manifest", "verify", m.toString());
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.stderr()).startsWith("cairn: trusted key " + trusted.resolve("broken.pub") + ": not a PEM file");
    }

    @Test
    void an_older_sequence_is_refused_once_a_newer_one_was_verified_here() throws Exception {
        Path one = create("dataset", "1", "--sequence", "1");
        Path two = create("dataset", "2", "--sequence", "2");
        assertThat(cairn().run("manifest", "verify", two.toString(), "--trusted-keys", keys.toString()).exitCode()).isZero();
        var older = cairn().run("manifest", "verify", one.toString(), "--trusted-keys", keys.toString());
        assertThat(older.exitCode()).isEqualTo(1);
        assertThat(older.stderr()).isEqualTo("cairn: " + one + ": OLDER_SEQUENCE: sequence 1 of dataset is older than 2, already seen\n");
        assertThat(cairn().run("manifest", "verify", two.toString(), "--trusted-keys", keys.toString()).exitCode()).as("idempotent").isZero();
        // a place that has seen nothing accepts the old one: sequences are remembered per data directory
        assertThat(nowhere().run("manifest", "verify", one.toString(), "--trusted-keys", keys.toString()).exitCode()).isZero();
    }

    @Test
    void a_changed_manifest_is_a_bad_signature_and_a_broken_one_malformed() throws Exception {
        Path m = create("dataset", "1");
        Path changed = Files.writeString(dir.resolve("changed.json"), Files.readString(m).replace("tree/a.txt", "tree/A.txt"));
        var bad = nowhere().run("manifest", "verify", changed.toString(), "--trusted-keys", keys.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).startsWith("cairn: " + changed + ": BAD_SIGNATURE: the signature is not " + keyId + "'s signature");

        Path broken = Files.writeString(dir.resolve("broken.json"), Files.readString(m).replace("\"size\": 6", "\"size\": -6"));
        var malformed = nowhere().run("manifest", "verify", broken.toString(), "--trusted-keys", keys.toString());
        assertThat(malformed.stderr()).isEqualTo("cairn: " + broken + ": MALFORMED: files[0].size: -6 is out of range (0 to 9007199254740991)\n");
    }

    @Test
    void check_content_reports_the_file_whose_sha256_is_wrong() throws Exception {
        Path m = create("dataset", "1");
        Manifest good = ManifestCodec.parse(Files.readAllBytes(m));
        ManifestFile a = good.files().get(0);
        ManifestFile b = good.files().get(1);
        // properly signed, but claiming a's SHA-256 for b's CID
        ManifestSigner signer = new ManifestSigner(KeyFiles.readPrivate(keys.resolve("alice.key"), null).getPrivate());
        Manifest lying = signer.sign(Manifest.unsigned("lying", "1", 1, Instant.now(), null, null,
                List.of(a, new ManifestFile(b.path(), b.cid(), b.size(), a.sha256(), b.mime())), Map.of()));
        Path file = Files.write(dir.resolve("lying.json"), ManifestCodec.write(lying));

        assertThat(cairn().run("manifest", "verify", file.toString(), "--trusted-keys", keys.toString()).exitCode())
                .as("without --check-content only the signature is checked").isZero();
        var r = cairn().run("manifest", "verify", file.toString(), "--trusted-keys", keys.toString(), "--check-content");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("cairn: " + file + ": CONTENT_MISMATCH: files[1] tree/sub/b.bin (" + b.cid() + "): sha256 expected "
                + a.sha256() + ", actual " + b.sha256() + "\n");
    }

    @Test
    void an_encrypted_key_needs_its_password_and_a_wrong_one_is_named() throws Exception {
        var k = cairn(Map.of("PW", "hunter2")).run("keygen", "-o", keys.toString(), "-n", "locked", "--password-env", "PW");
        assertThat(k.exitCode()).as(k.stderr()).isZero();
        Path key = keys.resolve("locked.key");
        String[] create = {"manifest", "create", tree.toString(), "--key", key.toString(), "--name", "n", "--version", "1"};

        var noPassword = cairn().run(create);
        assertThat(noPassword.exitCode()).isEqualTo(1);
        assertThat(noPassword.stderr()).isEqualTo("cairn: key " + key + " is encrypted: give its password with --password or --password-env VAR\n");

        var wrong = cairn(Map.of("PW", "hunter3")).run(concat(create, "--password-env", "PW"));
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.stderr()).isEqualTo("cairn: wrong password for key " + key + "\n");
        assertThat(dir.resolve("data/cairn.db")).as("nothing is added before the key opens").doesNotExist();

        var right = cairn(Map.of("PW", "hunter2")).run(concat(create, "--password-env", "PW"));
        assertThat(right.exitCode()).as(right.stderr()).isZero();
        assertThat(ManifestCodec.parse(right.stdout().getBytes()).signer()).isEqualTo(k.lines().getFirst());

        // a bare --password takes no value from the next argument (here the PATH); without a terminal it reads CAIRN_KEY_PASSWORD
        var bare = cairn(Map.of("CAIRN_KEY_PASSWORD", "hunter2")).run("manifest", "create", "--key", key.toString(), "--name", "n",
                "--version", "2", "--password", tree.toString());
        assertThat(bare.exitCode()).as(bare.stderr()).isZero();
        assertThat(ManifestCodec.parse(bare.stdout().getBytes()).files()).hasSize(2);
    }

    /** As a user runs it: a real process whose environment has the password, which the config loader must not refuse as unknown. */
    @Test
    void a_real_process_reads_cairn_key_password_for_a_bare_password_flag() throws Exception {
        assertThat(cairn(Map.of("PW", "pw")).run("keygen", "-o", keys.toString(), "-n", "locked", "--password-env", "PW").exitCode()).isZero();
        ProcessBuilder pb = dev.cairn.testing.CairnProcess.builder(List.of(), dir.resolve("data"), "manifest", "create", tree.toString(),
                "--key", keys.resolve("locked.key").toString(), "--name", "n", "--version", "1", "--password");
        pb.environment().put("CAIRN_KEY_PASSWORD", "pw");
        var r = dev.cairn.testing.CairnProcess.run(pb);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(ManifestCodec.parse(r.stdoutBytes()).files()).hasSize(2);
    }

    @Test
    void bad_options_are_refused_before_anything_is_added() {
        String[] base = {"manifest", "create", tree.toString(), "--key", keys.resolve("alice.key").toString(), "--version", "1"};
        assertThat(cairn().run(concat(base, "--name", " padded")).stderr()).contains("--name: ' padded' is not 1 to 256 characters");
        assertThat(cairn().run(concat(base, "--name", "n", "--level", "urgent")).stderr()).contains("--level: unknown level 'urgent'");
        assertThat(cairn().run(concat(base, "--name", "n", "--expires", "soon")).stderr()).contains("--expires: 'soon' is neither a duration");
        assertThat(cairn().run(concat(base, "--name", "n", "--expires", "2020-01-01T00:00:00Z")).stderr()).contains("is not in the future");
        assertThat(cairn().run(concat(base, "--name", "n", "--expires", "2020-01-01T00:00:00Z")).exitCode()).isEqualTo(2);
        assertThat(dir.resolve("data/cairn.db")).doesNotExist();
    }

    @Test
    void with_a_node_running_files_go_through_its_api_and_verify_only_reads_its_database() throws Exception {
        Path data = dir.resolve("data");
        try (Node node = Node.start(NodeSettings.of(data, ServerOptions.defaults("127.0.0.1", 0), Quota.UNLIMITED))) {
            Path m = create("dataset", "1", "--sequence", "5");
            Manifest manifest = ManifestCodec.parse(Files.readAllBytes(m));
            assertThat(manifest.files()).extracting(ManifestFile::sha256).containsExactly(sha256(tree.resolve("a.txt")), sha256(tree.resolve("sub/b.bin")));
            assertThat(new Catalog(node.repo().database()).find(manifest.files().get(0).cid().toString())).isPresent();

            var ok = cairn().run("manifest", "verify", m.toString(), "--trusted-keys", keys.toString(), "--check-content");
            assertThat(ok.exitCode()).as(ok.stderr()).isZero();
            try (ManifestSequences seen = ManifestSequences.openReadOnly(data.resolve("cairn.db"))) {
                assertThat(seen.highest("dataset")).as("the node's database is not written by the CLI").isEmpty();
            }

            ManifestSigner signer = new ManifestSigner(KeyFiles.readPrivate(keys.resolve("alice.key"), null).getPrivate());
            Path elsewhere = TestData.writeRandomFile(dir.resolve("elsewhere.bin"), 1000, 9);
            ManifestFile notHere = new ManifestFile("x.bin", Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"), 0,
                    sha256(elsewhere), null);
            Path missing = Files.write(dir.resolve("missing.json"), ManifestCodec.write(signer.sign(
                    Manifest.unsigned("m", "1", 1, Instant.now(), null, null, List.of(notHere), Map.of()))));
            var r = cairn().run("manifest", "verify", missing.toString(), "--trusted-keys", keys.toString(), "--check-content");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("CONTENT_MISSING: files[0] x.bin (bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku)");
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
