package dev.cairn.net;

import dev.cairn.content.Multibase;
import dev.cairn.util.Ed25519;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * Peer ids as libp2p writes them for Ed25519 keys: the public key itself is inside the id
 * (an identity multihash of the protobuf {@code PublicKey}), so a signature can be checked
 * against a peer id with nothing else, and a peer cannot claim an id whose key it lacks.
 */
public final class PeerIds {
    /** identity multihash, 36 bytes: protobuf field 1 = Ed25519, field 2 = 32 bytes. */
    private static final byte[] PREFIX = {0x00, 0x24, 0x08, 0x01, 0x12, 0x20};

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
        try {
            return Ed25519.publicKey(Arrays.copyOfRange(bytes, PREFIX.length, bytes.length));
        } catch (IllegalArgumentException e) {
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
            return Ed25519.verify(publicKey(peerId), message, signature);
        } catch (IllegalArgumentException e) {
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
