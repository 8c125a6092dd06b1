package dev.cairn.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Deterministic test content. */
public final class TestData {
    private TestData() {}

    /** sha256ctr(n): SHA-256(be64(0)) || SHA-256(be64(1)) || ..., cut to n bytes; as in the shared fixtures. */
    public static InputStream sha256ctr(long n) {
        return new InputStream() {
            private long produced;
            private long counter;
            private byte[] block = new byte[0];
            private int pos;
            private final MessageDigest md = sha256();

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (produced >= n) return -1;
                int total = 0;
                while (total < len && produced < n) {
                    if (pos == block.length) {
                        block = md.digest(ByteBuffer.allocate(8).putLong(counter++).array());
                        pos = 0;
                    }
                    int k = (int) Math.min(Math.min(len - total, block.length - pos), n - produced);
                    System.arraycopy(block, pos, b, off + total, k);
                    pos += k;
                    total += k;
                    produced += k;
                }
                return total;
            }
        };
    }

    public static byte[] sha256ctrBytes(int n) throws IOException {
        return sha256ctr(n).readAllBytes();
    }

    /** Writes {@code size} pseudo-random bytes quickly (a counter mixed per 8 bytes), different per seed. */
    public static Path writeRandomFile(Path file, long size, long seed) throws IOException {
        byte[] buf = new byte[1 << 20];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                bb.clear();
                while (bb.hasRemaining()) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    bb.putLong(x);
                }
                int k = (int) Math.min(buf.length, left);
                out.write(buf, 0, k);
                left -= k;
            }
        }
        return file;
    }

    public static String sha256Hex(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
