package dev.cairn.catalog.tags;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Integer fields in both byte orders, and exact reads from streams. */
final class Bytes {
    private Bytes() {}

    static int u16be(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    static int u16le(byte[] b, int i) {
        return b[i] & 0xFF | (b[i + 1] & 0xFF) << 8;
    }

    static int u24be(byte[] b, int i) {
        return (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | b[i + 2] & 0xFF;
    }

    static long u32be(byte[] b, int i) {
        return (long) (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }

    static long u32le(byte[] b, int i) {
        return b[i] & 0xFF | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (long) (b[i + 3] & 0xFF) << 24;
    }

    static long u64be(byte[] b, int i) {
        return u32be(b, i) << 32 | u32be(b, i + 4);
    }

    static long u64le(byte[] b, int i) {
        return u32le(b, i) | u32le(b, i + 4) << 32;
    }

    /** ID3v2 "synchsafe" integer: four bytes of seven bits each. */
    static int synchsafe(byte[] b, int i) {
        return (b[i] & 0x7F) << 21 | (b[i + 1] & 0x7F) << 14 | (b[i + 2] & 0x7F) << 7 | b[i + 3] & 0x7F;
    }

    static boolean startsWith(byte[] b, int i, String ascii) {
        if (i < 0 || i + ascii.length() > b.length) return false;
        for (int k = 0; k < ascii.length(); k++) if ((b[i + k] & 0xFF) != ascii.charAt(k)) return false;
        return true;
    }

    /** Exactly {@code n} bytes (callers bound n); EOFException if the stream ends first. */
    static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new EOFException("stream ended after " + b.length + " of " + n + " bytes");
        return b;
    }

    static long u32le(InputStream in) throws IOException {
        return u32le(readFully(in, 4), 0);
    }
}
