package dev.cairn.content;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Unsigned LEB128 varints as used by multiformats (multihash, CID, CAR section lengths).
 *
 * <p>The multiformats spec caps varints at 9 bytes (63 bits); longer or non-minimal
 * encodings are rejected so that one value has exactly one encoding.
 */
public final class Varint {
    static final int MAX_BYTES = 9;

    private Varint() {}

    public static int size(long value) {
        int n = 1;
        while ((value >>>= 7) != 0) n++;
        return n;
    }

    public static int write(long value, byte[] out, int offset) {
        if (value < 0) throw new IllegalArgumentException("varint must be unsigned: " + value);
        int i = offset;
        while ((value & ~0x7FL) != 0) {
            out[i++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[i++] = (byte) value;
        return i - offset;
    }

    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        write(value, out, 0);
        return out;
    }

    public static void write(long value, OutputStream out) throws IOException {
        out.write(encode(value));
    }

    /** A decoded value and the number of bytes it took. */
    public record Decoded(long value, int length) {}

    public static Decoded decode(byte[] in, int offset, int limit) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (offset + i >= limit) throw new IllegalArgumentException("truncated varint");
            int b = in[offset + i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) throw new IllegalArgumentException("non-minimal varint");
                return new Decoded(value, i + 1);
            }
        }
        throw new IllegalArgumentException("varint longer than " + MAX_BYTES + " bytes");
    }

    /** Reads a varint; returns -1 if the stream ends before its first byte. */
    public static long read(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) return -1;
                throw new EOFException("truncated varint");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) throw new IOException("non-minimal varint");
                return value;
            }
        }
        throw new IOException("varint longer than " + MAX_BYTES + " bytes");
    }
}
