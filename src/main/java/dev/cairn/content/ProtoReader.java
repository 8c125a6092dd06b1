package dev.cairn.content;

import java.util.Arrays;

/** Reads protobuf fields from a byte array; every malformed input becomes IllegalArgumentException. */
final class ProtoReader {
    static final int VARINT = 0;
    static final int LENGTH_DELIMITED = 2;

    private final byte[] buf;
    private int pos;
    private final int limit;

    ProtoReader(byte[] buf, int offset, int limit) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
    }

    boolean hasMore() {
        return pos < limit;
    }

    /** Returns the next tag (field << 3 | wire type). */
    int tag() {
        long tag = varint();
        if (tag > Integer.MAX_VALUE || (tag >>> 3) == 0) throw new IllegalArgumentException("invalid protobuf tag " + tag);
        return (int) tag;
    }

    long varint() {
        Varint.Decoded d = decodeVarint();
        pos += d.length();
        return d.value();
    }

    private Varint.Decoded decodeVarint() {
        // protobuf varints may be up to 10 bytes, but every field Cairn reads fits in 63 bits.
        return Varint.decode(buf, pos, limit);
    }

    /** Returns [start, end) of the next length-delimited value and skips past it. */
    int[] span() {
        long len = varint();
        if (len > limit - pos) throw new IllegalArgumentException("protobuf field length " + len + " past end of message");
        int start = pos;
        pos += (int) len;
        return new int[] {start, pos};
    }

    void skip(int n) {
        if (n > limit - pos) throw new IllegalArgumentException("protobuf field past end of message");
        pos += n;
    }

    byte[] bytes() {
        int[] s = span();
        return Arrays.copyOfRange(buf, s[0], s[1]);
    }
}
