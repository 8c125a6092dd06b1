package dev.cairn.content;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A self-describing hash: function code, digest. Cairn makes sha2-256 and reads identity
 * (the "hash" is the data itself, used for tiny inline blocks such as {@code bafkqaaa}).
 */
public record Multihash(int code, byte[] digest) {
    public static final int IDENTITY = 0x00;
    public static final int SHA2_256 = 0x12;
    /** Identity digests longer than this are refused: they are meant for tiny inline data. */
    public static final int MAX_IDENTITY_LENGTH = 128;

    public Multihash {
        if (code == SHA2_256 && digest.length != 32) {
            throw new IllegalArgumentException("sha2-256 digest must be 32 bytes, got " + digest.length);
        }
        if (code == IDENTITY && digest.length > MAX_IDENTITY_LENGTH) {
            throw new IllegalArgumentException("identity multihash longer than " + MAX_IDENTITY_LENGTH + " bytes");
        }
        if (code != SHA2_256 && code != IDENTITY) {
            throw new IllegalArgumentException("unsupported multihash function 0x" + Integer.toHexString(code));
        }
    }

    public static Multihash sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static Multihash sha256(byte[] data, int offset, int length) {
        MessageDigest md = newSha256();
        md.update(data, offset, length);
        return new Multihash(SHA2_256, md.digest());
    }

    public static Multihash identity(byte[] data) {
        return new Multihash(IDENTITY, data.clone());
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Hashes {@code data} with this multihash's function and compares in constant time. */
    public boolean matches(byte[] data) {
        return matches(data, 0, data.length);
    }

    public boolean matches(byte[] data, int offset, int length) {
        if (code == IDENTITY) {
            return MessageDigest.isEqual(digest, Arrays.copyOfRange(data, offset, offset + length));
        }
        return MessageDigest.isEqual(digest, sha256(data, offset, length).digest);
    }

    public boolean isIdentity() {
        return code == IDENTITY;
    }

    public byte[] toBytes() {
        byte[] out = new byte[Varint.size(code) + Varint.size(digest.length) + digest.length];
        int n = Varint.write(code, out, 0);
        n += Varint.write(digest.length, out, n);
        System.arraycopy(digest, 0, out, n, digest.length);
        return out;
    }

    /** Parses a multihash at {@code offset}; returns it with the number of bytes consumed. */
    static Parsed parse(byte[] in, int offset, int limit) {
        Varint.Decoded code = Varint.decode(in, offset, limit);
        Varint.Decoded len = Varint.decode(in, offset + code.length(), limit);
        int start = offset + code.length() + len.length();
        if (len.value() > limit - start) throw new IllegalArgumentException("truncated multihash digest");
        int codeValue = (int) Math.min(code.value(), Integer.MAX_VALUE);
        byte[] digest = Arrays.copyOfRange(in, start, start + (int) len.value());
        return new Parsed(new Multihash(codeValue, digest), start + digest.length - offset);
    }

    record Parsed(Multihash multihash, int length) {}

    public String hex() {
        return HexFormat.of().formatHex(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash m && m.code == code && Arrays.equals(m.digest, digest);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return (code == SHA2_256 ? "sha2-256:" : "identity:") + hex();
    }
}
