package dev.cairn.keys;

import dev.cairn.util.Ed25519;
import dev.cairn.util.Text;
import java.security.PublicKey;
import java.util.Base64;

/**
 * Key ids name a manifest signer: {@code ed25519:} and the raw 32-byte public key in base64url
 * without padding (43 characters). The key itself is in the id, so a signature can be checked
 * with nothing else; whether the key is trusted is a separate question ({@link TrustedKeys}).
 */
public final class KeyIds {
    public static final String PREFIX = "ed25519:";

    private KeyIds() {}

    public static String of(PublicKey key) {
        return PREFIX + Base64Url.encode(Ed25519.raw(key));
    }

    /** The public key inside {@code keyId}; IllegalArgumentException saying what is wrong with it. */
    public static PublicKey publicKey(String keyId) {
        if (!keyId.startsWith(PREFIX)) {
            throw new IllegalArgumentException("'" + Text.shorten(keyId) + "' is not a key id (ed25519:<43 base64url characters>)");
        }
        byte[] raw = Base64Url.decode(keyId.substring(PREFIX.length()), Ed25519.KEY_BYTES, "key id " + Text.shorten(keyId));
        return Ed25519.publicKey(raw);
    }

    /** Base64url without padding, decoded strictly: one text per byte string, so ids and signatures compare as text. */
    public static final class Base64Url {
        private Base64Url() {}

        public static String encode(byte[] bytes) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        public static byte[] decode(String text, int expectedBytes, String what) {
            byte[] bytes;
            try {
                bytes = Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " is not base64url: " + e.getMessage());
            }
            if (bytes.length != expectedBytes) {
                throw new IllegalArgumentException(what + " holds " + bytes.length + " bytes, not " + expectedBytes);
            }
            // Rejects padding and stray low bits, which would give one value several spellings.
            if (!encode(bytes).equals(text)) throw new IllegalArgumentException(what + " is not canonical base64url without padding");
            return bytes;
        }
    }
}
