package dev.cairn.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.Node;
import dev.cairn.content.Cid;
import dev.cairn.keys.KeyFiles;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.ManifestFile;
import dev.cairn.manifest.ManifestSigner;
import dev.cairn.net.Peers;
import dev.cairn.store.Quota;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestData;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing a signed manifest pins its files across the cluster; fetching downloads and checks them. */
class ManifestPublishTest {
    private static final Duration BOUND = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Node n : nodes) n.close();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static ManifestFile file(Node node, String path, byte[] content) throws Exception {
        var res = Peers.upload(node, content, "?name=" + path.replace('/', '_') + "&pin=false");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        Cid cid = Cid.parse(Peers.JSON.readTree(res.body()).get("cid").asText());
        return new ManifestFile(path, cid, content.length, sha256(content), "application/octet-stream");
    }

    private static HttpResponse<String> post(Node node, String path, byte[] body) throws Exception {
        return Peers.HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + path)).header("Authorization", "Bearer " + Peers.token(node))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Manifest manifest(KeyPair key, long seq, List<ManifestFile> files) {
        return new ManifestSigner(key.getPrivate()).sign(Manifest.unsigned("dataset", "v" + seq, seq, Instant.now(), null, ReplicationLevel.STANDARD,
                files, Map.of("owner", "tests")));
    }

    @Test
    void a_published_manifest_is_pinned_at_its_level_fetched_whole_and_superseded_by_a_newer_sequence() throws Exception {
        for (int i = 0; i < 3; i++) {
            nodes.add(ClusterNodes.start(dir.resolve("n" + i), "manifest-test-cluster-secret", Quota.UNLIMITED,
                    nodes.isEmpty() ? List.of() : List.of(nodes.get(0))));
        }
        await().atMost(BOUND).until(() -> nodes.stream().allMatch(n -> {
            try {
                return Peers.getJson(n, "/api/v1/cluster").get("members").size() == 2;
            } catch (Exception e) {
                return false;
            }
        }));
        KeyPair alice = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair mallory = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        for (Node n : nodes) {
            Path keys = Files.createDirectories(n.repo().dataDir().resolve("trusted-keys"));
            KeyFiles.write(alice, null, dir.resolve("alice-" + n.port() + ".key"), keys.resolve("alice.pub"));
        }
        byte[] a = TestData.sha256ctrBytes(1 << 20);
        byte[] b = "second file\n".getBytes();
        List<ManifestFile> v1 = List.of(file(nodes.get(0), "data/a.bin", a), file(nodes.get(0), "b.txt", b));
        byte[] m1 = ManifestCodec.write(manifest(alice, 1, v1));

        var published = post(nodes.get(1), "/api/v1/manifests", m1);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
        assertThat(published.body()).contains("\"level\":\"standard\"").contains("\"replicas\":2");
        for (ManifestFile f : v1) {
            await().atMost(BOUND).ignoreExceptions().until(() -> Peers.getJson(nodes.get(2), "/api/v1/pins/" + f.cid()).get("holders").size() == 2);
        }

        // fetched on a node through the CLI: every file written under its path and checked
        Path out = dir.resolve("out");
        var fetched = CairnProcess.run(nodes.get(2).repo().dataDir(), "manifest", "fetch", write(m1).toString(), "-o", out.toString());
        assertThat(fetched.exitCode()).as(fetched.stderr()).isZero();
        assertThat(Files.readAllBytes(out.resolve("data/a.bin"))).isEqualTo(a);
        assertThat(Files.readAllBytes(out.resolve("b.txt"))).isEqualTo(b);
        assertThat(fetched.stdout()).contains("OK dataset v1 1: 2 files");

        // sequence 2 drops b.txt: its cluster pin goes, a.bin's stays
        byte[] m2 = ManifestCodec.write(manifest(alice, 2, List.of(v1.get(0))));
        var second = post(nodes.get(0), "/api/v1/manifests", m2);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(202);
        assertThat(second.body()).contains(v1.get(1).cid().toString());
        await().atMost(BOUND).until(() -> nodes.stream().allMatch(n -> {
            try {
                return n.cluster().status(v1.get(1).cid()).isEmpty() && n.cluster().status(v1.get(0).cid()).isPresent();
            } catch (Exception e) {
                return false;
            }
        }));
        var list = Peers.getJson(nodes.get(2), "/api/v1/manifests");
        assertThat(list.get(0).get("name").asText()).isEqualTo("dataset");
        assertThat(list.get(0).get("sequence").asLong()).isEqualTo(2);

        // the older sequence is refused now, and so is a manifest by an untrusted key or a changed one
        var older = post(nodes.get(0), "/api/v1/manifests", m1);
        assertThat(older.statusCode()).isEqualTo(422);
        assertThat(older.body()).contains("older_sequence");
        var untrusted = post(nodes.get(0), "/api/v1/manifests", ManifestCodec.write(manifest(mallory, 3, v1)));
        assertThat(untrusted.statusCode()).isEqualTo(422);
        assertThat(untrusted.body()).contains("untrusted_key");
        byte[] tampered = new String(m2).replace("\"owner\"", "\"0wner\"").getBytes();
        var changed = post(nodes.get(0), "/api/v1/manifests/verify", tampered);
        assertThat(changed.statusCode()).isEqualTo(422);
        assertThat(changed.body()).contains("bad_signature");
        assertThat(post(nodes.get(0), "/api/v1/manifests/verify", m2).statusCode()).isEqualTo(200);
    }

    private Path write(byte[] manifest) throws Exception {
        Path f = Files.createTempFile(dir, "manifest", ".json");
        Files.write(f, manifest);
        return f;
    }
}
