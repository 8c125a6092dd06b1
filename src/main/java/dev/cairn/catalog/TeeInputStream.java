package dev.cairn.catalog;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies everything read from the wrapped stream into a file. */
final class TeeInputStream extends FilterInputStream {
    private final OutputStream copy;

    TeeInputStream(InputStream in, Path file) throws IOException {
        super(in);
        this.copy = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) copy.write(b);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) copy.write(b, off, n);
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            copy.close();
        } finally {
            super.close();
        }
    }
}
