package dev.cairn.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the HTTP layer sends: a status, headers in order, and, for GET, a body writer.
 *
 * <p>{@link #body()} is null for HEAD, 301 and 304 responses. The body writer streams from the
 * block store; if it throws once writing has started (a {@link GatewayStreamException}: a block
 * in the middle of a CAR or a file is missing), the status is already sent and the HTTP layer
 * must abort the connection instead of completing the response.
 *
 * <p>{@link #contentLength()} is the body length in bytes, or -1 when unknown (CAR streams).
 * HEAD responses carry the length a GET would have. {@link #file()} is set for plain UnixFS file
 * responses (also for HEAD) so the HTTP layer can answer a {@code Range} request itself with
 * {@link FileContent#open}; then it sends 206 with the range instead of {@link #body()}.
 */
public record GatewayResponse(int status, Map<String, String> headers, Body body, long contentLength, FileContent file) {

    /** Writes a response body to the client's stream; does not close it. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A UnixFS file behind a plain response: its size and random access to its bytes. */
    public interface FileContent {
        long size();

        /**
         * The bytes from {@code offset}, at most {@code length} of them ({@link Long#MAX_VALUE} for
         * "to the end"), read lazily and verified block by block; only the blocks of that range
         * are read. The stream throws {@link GatewayStreamException} if a block is missing.
         */
        InputStream open(long offset, long length) throws IOException;
    }

    public GatewayResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The header's value (names compared case-insensitively), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }
}
