package dev.cairn.net;

import dev.cairn.content.Multibase;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Peer ids as libp2p writes them for Ed25519 keys: the public key itself is inside the id
 * (an identity multihash of the protobuf {@code PublicKey}), so a signature can be checked
 * against a peer id with nothing else, and a peer cannot claim an id whose key it lacks.
 */
public final class PeerIds {
    /** identity multihash, 36 bytes: protobuf field 1 = Ed25519, field 2 = 32 bytes. */
    private static final byte[] PREFIX = {0x00, 0x24, 0x08, 0x01, 0x12, 0x20};
    /** DER SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410). */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private PeerIds() {}

    /** The Ed25519 key inside {@code peerId}; IllegalArgumentException when it is not a valid Ed25519 peer id. */
    public static PublicKey publicKey(String peerId) {
        if (peerId == null || peerId.length() < 40 || peerId.length() > 60 || !peerId.startsWith("12D3KooW")) {
            throw new IllegalArgumentException("not an Ed25519 peer id: " + abbreviate(peerId));
        }
        byte[] bytes;
        try {
            bytes = Multibase.decode("z" + peerId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 peer id (bad base58): " + abbreviate(peerId));
        }
        if (bytes.length != PREFIX.length + 32 || !Arrays.equals(bytes, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 peer id: " + abbreviate(peerId));
        }
        byte[] x509 = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
        System.arraycopy(bytes, PREFIX.length, x509, X509_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 peer id: " + abbreviate(peerId), e);
        }
    }

    public static boolean isValid(String peerId) {
        try {
            publicKey(peerId);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code signature} is the peer's Ed25519 signature of {@code message}; false for any malformed input. */
    public static boolean verify(String peerId, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(publicKey(peerId));
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** For error messages: a hostile id is shown short and printable. */
    static String abbreviate(String s) {
        if (s == null) return "null";
        String clean = s.replaceAll("[^\\x21-\\x7e]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
