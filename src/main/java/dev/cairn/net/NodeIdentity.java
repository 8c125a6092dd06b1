package dev.cairn.net;

import dev.cairn.content.Multibase;
import dev.cairn.util.Ed25519;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The node's Ed25519 key ({@code identity/node.key}, PKCS#8 PEM, mode 0600) and its peer id.
 *
 * <p>The peer id is libp2p's encoding, so it reads like any IPFS peer id ({@code 12D3KooW...}):
 * the protobuf PublicKey message {Type: Ed25519 (1), Data: the 32-byte key} wrapped in an
 * identity multihash, in base58btc.
 */
public final class NodeIdentity {
    private final KeyPair keys;
    private final String peerId;

    private NodeIdentity(KeyPair keys) {
        this.keys = keys;
        this.peerId = peerIdOf(keys.getPublic());
    }

    /** Loads the key from {@code dataDir/identity/node.key}, creating it on first use. */
    public static NodeIdentity loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve("identity/node.key");
        try {
            if (Files.exists(file)) return new NodeIdentity(read(file));
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("node.key.tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(tmp, pem, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new NodeIdentity(read(file));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use node key " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The identity whose Ed25519 private key is {@code seed} (32 bytes): the same seed always
     * gives the same key and id, which is how a cluster secret becomes a cluster key.
     */
    public static NodeIdentity fromSeed(byte[] seed) {
        if (seed.length != 32) throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
        // PKCS#8 of an Ed25519 key (RFC 8410): a fixed header, then the 32-byte seed
        byte[] pkcs8 = java.util.HexFormat.of().parseHex("302e020100300506032b657004220420");
        pkcs8 = java.util.Arrays.copyOf(pkcs8, pkcs8.length + 32);
        System.arraycopy(seed, 0, pkcs8, pkcs8.length - 32, 32);
        try {
            PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new NodeIdentity(new KeyPair(Ed25519.publicKeyOf(priv), priv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
    }

    private static KeyPair read(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        // PKCS#8 holds only the private seed; the public key is derived from it.
        return new KeyPair(Ed25519.publicKeyOf(priv), priv);
    }

    static String peerIdOf(PublicKey key) {
        byte[] raw = Ed25519.raw(key);
        byte[] proto = new byte[4 + 32];
        proto[0] = 0x08; // field 1 (Type), varint
        proto[1] = 0x01; // Ed25519
        proto[2] = 0x12; // field 2 (Data), length-delimited
        proto[3] = 0x20; // 32 bytes
        System.arraycopy(raw, 0, proto, 4, 32);
        byte[] multihash = new byte[2 + proto.length];
        multihash[0] = 0x00; // identity
        multihash[1] = (byte) proto.length;
        System.arraycopy(proto, 0, multihash, 2, proto.length);
        return Multibase.encodeBase58(multihash).substring(1);
    }

    public String peerId() {
        return peerId;
    }

    /** An Ed25519 signature of {@code message} with the node key; anyone checks it with {@link PeerIds#verify}. */
    public byte[] sign(byte[] message) {
        return Ed25519.sign(keys.getPrivate(), message);
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    public PrivateKey privateKey() {
        return keys.getPrivate();
    }
}
