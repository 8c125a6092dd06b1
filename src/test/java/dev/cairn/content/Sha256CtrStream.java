package dev.cairn.content;

import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The "sha256ctr(N)" test content, produced lazily: the first N bytes of
 * SHA-256(be64(0)) || SHA-256(be64(1)) || ..., where be64(k) is the 8-byte big-endian k.
 * Generated a buffer at a time, so a 1 GiB stream needs no more than 64 KiB of heap.
 */
final class Sha256CtrStream extends InputStream {
    private static final int BUFFER = 64 * 1024; // a multiple of 32, so buffers start on digest boundaries

    private final long length;
    private final MessageDigest sha256 = Multihash.newSha256();
    private final byte[] counter = new byte[8];
    private final byte[] buffer = new byte[BUFFER];
    private long position;
    private long nextCounter;
    private int bufferPos = BUFFER;

    Sha256CtrStream(long length) {
        this.length = length;
    }

    /** The whole of sha256ctr(n) as an array, for sizes that fit comfortably in memory. */
    static byte[] bytes(int n) {
        return new Sha256CtrStream(n).readAllBytesUnchecked();
    }

    private byte[] readAllBytesUnchecked() {
        byte[] out = new byte[(int) length];
        int n = 0;
        while (n < out.length) n += read(out, n, out.length - n);
        return out;
    }

    private void refill() {
        try {
            for (int off = 0; off < BUFFER; off += 32) {
                long k = nextCounter++;
                for (int i = 0; i < 8; i++) counter[i] = (byte) (k >>> (56 - 8 * i));
                sha256.update(counter);
                sha256.digest(buffer, off, 32);
            }
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        bufferPos = 0;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) return 0;
        if (position >= length) return -1;
        int total = 0;
        while (total < len && position < length) {
            if (bufferPos == BUFFER) refill();
            int n = (int) Math.min(Math.min(len - total, BUFFER - bufferPos), length - position);
            System.arraycopy(buffer, bufferPos, b, off + total, n);
            bufferPos += n;
            position += n;
            total += n;
        }
        return total;
    }
}
