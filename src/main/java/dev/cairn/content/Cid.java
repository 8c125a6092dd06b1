package dev.cairn.content;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A content identifier (https://github.com/multiformats/cid): version, codec, multihash.
 *
 * <p>CIDv0 is a bare base58btc sha2-256 multihash of a dag-pb block ({@code Qm...}); CIDv1
 * prefixes version and codec and is written in multibase, base32 lower-case by default.
 */
public record Cid(int version, int codec, Multihash multihash) implements Comparable<Cid> {

    public Cid {
        if (version != 0 && version != 1) throw new CidFormatException("unsupported CID version " + version);
        if (version == 0 && (codec != Codec.DAG_PB || multihash.code() != Multihash.SHA2_256)) {
            throw new CidFormatException("CIDv0 must be dag-pb with a sha2-256 multihash");
        }
    }

    public static Cid v1(int codec, Multihash multihash) {
        return new Cid(1, codec, multihash);
    }

    public static Cid v0(Multihash multihash) {
        return new Cid(0, Codec.DAG_PB, multihash);
    }

    /** Parses a CID in any supported text form; the error names what is wrong with it. */
    public static Cid parse(String text) {
        if (text == null || text.isBlank()) throw new CidFormatException("empty CID");
        String s = text.strip();
        try {
            if (s.length() == 46 && s.startsWith("Qm")) {
                return fromBytes(Multibase.decodeBase58(s));
            }
            return fromBytes(Multibase.decode(s));
        } catch (CidFormatException e) {
            throw new CidFormatException("invalid CID '" + abbreviate(s) + "': " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CidFormatException("invalid CID '" + abbreviate(s) + "': " + e.getMessage(), e);
        }
    }

    /** Like {@link #parse} but returns null instead of throwing, for names that may not be CIDs. */
    public static Cid tryParse(String text) {
        try {
            return parse(text);
        } catch (CidFormatException e) {
            return null;
        }
    }

    public static Cid fromBytes(byte[] bytes) {
        Parsed p = parse(bytes, 0, bytes.length);
        if (p.length() != bytes.length) throw new CidFormatException("trailing bytes after CID");
        return p.cid();
    }

    /** A CID read from a byte array, with the number of bytes it used. */
    public record Parsed(Cid cid, int length) {}

    public static Parsed parse(byte[] in, int offset, int limit) {
        try {
            if (limit - offset >= 2 && in[offset] == 0x12 && in[offset + 1] == 0x20) {
                Multihash.Parsed mh = Multihash.parse(in, offset, limit);
                return new Parsed(v0(mh.multihash()), mh.length());
            }
            Varint.Decoded version = Varint.decode(in, offset, limit);
            if (version.value() != 1) throw new CidFormatException("unsupported CID version " + version.value());
            Varint.Decoded codec = Varint.decode(in, offset + version.length(), limit);
            int mhStart = offset + version.length() + codec.length();
            Multihash.Parsed mh = Multihash.parse(in, mhStart, limit);
            int codecValue = (int) Math.min(codec.value(), Integer.MAX_VALUE);
            return new Parsed(v1(codecValue, mh.multihash()), mhStart + mh.length() - offset);
        } catch (CidFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CidFormatException(e.getMessage(), e);
        }
    }

    /** Reads one binary CID from a stream (as in a CAR section). */
    public static Cid read(InputStream in, int maxLength) throws IOException {
        in.mark(maxLength);
        byte[] head = in.readNBytes(maxLength);
        Parsed p = parse(head, 0, head.length);
        in.reset();
        in.skipNBytes(p.length());
        return p.cid();
    }

    public byte[] toBytes() {
        byte[] mh = multihash.toBytes();
        if (version == 0) return mh;
        byte[] out = new byte[Varint.size(1) + Varint.size(codec) + mh.length];
        int n = Varint.write(1, out, 0);
        n += Varint.write(codec, out, n);
        System.arraycopy(mh, 0, out, n, mh.length);
        return out;
    }

    /** The same content as a CIDv1 (a no-op for v1). Block files are named by this form. */
    public Cid toV1() {
        return version == 1 ? this : v1(codec, multihash);
    }

    public boolean isIdentity() {
        return multihash.isIdentity();
    }

    @Override
    public String toString() {
        return version == 0 ? Multibase.encodeBase58Plain(multihash.toBytes()) : Multibase.encodeBase32(toBytes());
    }

    @Override
    public int compareTo(Cid o) {
        return Arrays.compareUnsigned(toBytes(), o.toBytes());
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
