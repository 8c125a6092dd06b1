package dev.cairn.manifest;

import dev.cairn.content.FileImporter;
import dev.cairn.content.ImportProfile;
import dev.cairn.keys.TrustedKeys;
import dev.cairn.store.MemoryBlockStore;
import dev.cairn.store.WriteBatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Manifests for tests: real CIDs of real content, real keys. */
final class TestManifests {
    static final Instant CREATED = Instant.parse("2025-06-01T12:00:00Z");

    private TestManifests() {}

    static KeyPair newKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Imports {@code text} into {@code store} (null: nowhere to keep it) and describes it as the manifest file {@code path}. */
    static ManifestFile file(MemoryBlockStore store, String path, String text) throws IOException {
        MemoryBlockStore target = store != null ? store : new MemoryBlockStore();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        FileImporter.Result r;
        try (WriteBatch batch = target.batch()) {
            r = FileImporter.importFile(new ByteArrayInputStream(bytes), ImportProfile.UNIXFS_V1_2025, batch);
            batch.commit();
        }
        return new ManifestFile(path, r.cid(), r.size(), r.sha256(), "text/plain");
    }

    static Manifest unsigned(String name, long sequence, List<ManifestFile> files) {
        return Manifest.unsigned(name, "1.0.0", sequence, CREATED, null, null, files, Map.of("owner", "data team", "licence", "CC-BY-4.0"));
    }

    static Manifest signed(KeyPair key, String name, long sequence) throws IOException {
        return new ManifestSigner(key.getPrivate()).sign(unsigned(name, sequence,
                List.of(file(null, "data/a.txt", "alpha\n"), file(null, "data/sub/b.txt", "beta\n"))));
    }

    static TrustedKeys trusting(KeyPair... keys) {
        return TrustedKeys.of(java.util.Arrays.stream(keys).map(KeyPair::getPublic).toList(), "the test keys");
    }

    static String json(Manifest m) {
        return new String(ManifestCodec.write(m), StandardCharsets.UTF_8);
    }
}
