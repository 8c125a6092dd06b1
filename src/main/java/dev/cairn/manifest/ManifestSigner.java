package dev.cairn.manifest;

import dev.cairn.keys.KeyIds;
import dev.cairn.util.Ed25519;
import java.security.PrivateKey;

/** Signs manifests with one Ed25519 key: sets {@code signer} to its key id and signs the canonical form. */
public final class ManifestSigner {
    private final PrivateKey key;
    private final String keyId;

    public ManifestSigner(PrivateKey key) {
        this.key = key;
        this.keyId = KeyIds.of(Ed25519.publicKeyOf(key));
    }

    public String keyId() {
        return keyId;
    }

    /** {@code m} signed by this key; any signer and signature it had are replaced. */
    public Manifest sign(Manifest m) {
        Manifest named = m.withSignature(keyId, null);
        byte[] signature = Ed25519.sign(key, ManifestCodec.signingBytes(named));
        return m.withSignature(keyId, KeyIds.Base64Url.encode(signature));
    }
}
