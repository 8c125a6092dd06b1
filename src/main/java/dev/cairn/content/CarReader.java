package dev.cairn.content;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads a CAR v1 stream block by block, verifying each block against its CID as it is read
 * (unless asked not to, see {@link #nextUnverified}).
 * Sizes are bounded so a hostile file cannot make Cairn allocate without limit.
 */
public final class CarReader {
    /** Headers are a few hundred bytes; anything near this is not a CAR. */
    static final int MAX_HEADER = 64 * 1024;
    /** Room for a 2 MiB block (the largest IPFS peers exchange) and its CID. */
    public static final int MAX_SECTION = (2 << 20) + 256;

    private final InputStream in;
    private final CarHeader header;
    /** The last section read; reused, grown as needed. */
    private byte[] section = new byte[64 * 1024];

    public CarReader(InputStream in) throws IOException {
        this.in = in;
        long length = Varint.read(in);
        if (length < 0) throw new CarFormatException("empty file: not a CAR");
        if (length == 0 || length > MAX_HEADER) throw new CarFormatException("CAR header length " + length + " is not plausible");
        byte[] bytes = readFully((int) length, "header");
        try {
            this.header = CarHeader.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new CarFormatException("bad CAR header: " + e.getMessage());
        }
    }

    public List<Cid> roots() {
        return header.roots();
    }

    /** The next verified block, or null at the end of the stream. */
    public Block next() throws IOException {
        Section s = nextUnverified();
        return s == null ? null : Block.verified(s.cid(), s.data());
    }

    /**
     * A section's CID and its block's bytes, {@code bytes[offset, offset + length)}, not checked
     * against each other. The array is the reader's own and is reused by its next call.
     */
    public record Section(Cid cid, byte[] bytes, int offset, int length) {
        /** A copy of the block's bytes. */
        public byte[] data() {
            return java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        }
    }

    /**
     * The next section as it is, not hashed, in an array reused by the next call: only for a
     * stream whose every block its sender has verified and whose sender is trusted, such as a
     * CLI command's own node (hashing there costs the command's one compiler tier about 7 s of
     * CPU per GiB). Null at the end.
     */
    public Section nextUnverified() throws IOException {
        long length;
        try {
            length = Varint.read(in);
        } catch (IOException e) {
            throw new CarFormatException("bad CAR section length: " + e.getMessage());
        }
        if (length < 0) return null;
        if (length == 0 || length > MAX_SECTION) {
            throw new CarFormatException("CAR section of " + length + " bytes (limit " + MAX_SECTION + ")");
        }
        int n = (int) length;
        if (section.length < n) section = new byte[Math.max(n, Math.min(MAX_SECTION, 2 * section.length))];
        readFully(section, n, "section");
        Cid.Parsed parsed;
        try {
            parsed = Cid.parse(section, 0, n);
        } catch (CidFormatException e) {
            throw new CarFormatException("bad CID in CAR section: " + e.getMessage());
        }
        return new Section(parsed.cid(), section, parsed.length(), n - parsed.length());
    }

    private byte[] readFully(int n, String what) throws IOException {
        byte[] b = new byte[n];
        readFully(b, n, what);
        return b;
    }

    private void readFully(byte[] b, int n, String what) throws IOException {
        int got = in.readNBytes(b, 0, n); // into b: readNBytes(n) gathers 16 KiB pieces and joins them, two copies more
        if (got != n) throw new EOFException("CAR " + what + " truncated: expected " + n + " bytes, got " + got);
    }

    /** A stream that is not a well-formed CAR v1. */
    public static final class CarFormatException extends IOException {
        public CarFormatException(String message) {
            super(message);
        }
    }
}
