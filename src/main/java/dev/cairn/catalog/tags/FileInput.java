package dev.cairn.catalog.tags;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positional reads from a file. Readers fetch headers and small fields where they need them and skip
 * everything else (audio data, cover art) by position, so memory stays small whatever the file holds.
 */
final class FileInput implements Closeable {
    /** The most a reader takes into memory at once: a tag value, a header, the tail of an Ogg file. */
    static final int MAX_READ = 256 * 1024;

    private final FileChannel channel;
    private final long size;

    private FileInput(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    static FileInput open(Path file) throws IOException {
        return new FileInput(FileChannel.open(file, StandardOpenOption.READ));
    }

    long size() {
        return size;
    }

    /** Exactly {@code length} bytes at {@code position}; EOFException if the file ends first. */
    byte[] read(long position, int length) throws IOException {
        byte[] bytes = readUpTo(position, length);
        if (bytes.length < length) throw new EOFException("file ends at " + size + ", wanted " + length + " bytes at " + position);
        return bytes;
    }

    /** Up to {@code length} bytes at {@code position}, fewer where the file ends. */
    byte[] readUpTo(long position, int length) throws IOException {
        if (length < 0 || length > MAX_READ) throw new IOException("refusing to read " + length + " bytes at " + position);
        int n = (int) Math.max(0, Math.min(length, size - position));
        byte[] bytes = new byte[n];
        readAt(position, bytes, 0, n);
        return bytes;
    }

    /** Fills {@code bytes[offset, offset + length)} from {@code position}; returns how many bytes the file had there. */
    int readAt(long position, byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position() - offset);
            if (n < 0) break;
        }
        return buffer.position() - offset;
    }

    /** A stream over {@code [position, position + length)}, cut at the end of the file; skipping costs nothing. */
    InputStream stream(long position, long length) {
        return new RegionStream(position, Math.min(position + Math.max(0, length), size));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private final class RegionStream extends InputStream {
        private final byte[] buffer = new byte[8192];
        private long position;
        private final long end;
        private int next;
        private int limit;

        RegionStream(long position, long end) {
            this.position = position;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            if (next == limit && !fill()) return -1;
            return buffer[next++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (next == limit && !fill()) return -1;
            int n = Math.min(len, limit - next);
            System.arraycopy(buffer, next, b, off, n);
            next += n;
            return n;
        }

        @Override
        public long skip(long n) {
            if (n <= 0) return 0;
            int buffered = limit - next;
            if (n <= buffered) {
                next += (int) n;
                return n;
            }
            next = limit;
            long skipped = buffered + Math.min(n - buffered, end - position);
            position += skipped - buffered;
            return skipped;
        }

        private boolean fill() throws IOException {
            int n = (int) Math.min(buffer.length, end - position);
            if (n <= 0) return false;
            n = readAt(position, buffer, 0, n);
            if (n <= 0) return false;
            position += n;
            next = 0;
            limit = n;
            return true;
        }
    }
}
