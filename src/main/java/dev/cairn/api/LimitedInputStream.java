package dev.cairn.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** An upload body that fails with 413 once it passes {@code api.max_body_bytes}. */
final class LimitedInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) count(1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) count(n);
        return n;
    }

    private void count(long n) {
        count += n;
        if (count > limit) throw ApiException.tooLarge("upload larger than the node's limit of " + limit + " bytes (api.max_body_bytes)");
    }
}
