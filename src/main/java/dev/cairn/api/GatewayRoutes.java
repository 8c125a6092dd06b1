package dev.cairn.api;

import dev.cairn.gateway.Gateway;
import dev.cairn.gateway.GatewayException;
import dev.cairn.gateway.GatewayRequest;
import dev.cairn.gateway.GatewayResponse;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code GET|HEAD /ipfs/{cid}[/path]}: the IPFS trustless gateway (raw blocks, CARs with
 * dag-scope and entity-bytes) and the plain path form (file bytes with Range, directory
 * listings), all computed by {@link Gateway}; this class only speaks HTTP.
 */
final class GatewayRoutes {
    private final Gateway gateway;

    GatewayRoutes(Gateway gateway) {
        this.gateway = gateway;
    }

    void serve(Context ctx) throws IOException {
        String raw = ctx.path().substring("/ipfs/".length());
        GatewayResponse res;
        try {
            GatewayRequest req = GatewayRequest.parse(ctx.method().name(), raw, ctx.queryParamMap(), ctx.header("Accept"),
                    ctx.header("If-None-Match"));
            res = gateway.handle(req);
        } catch (GatewayException e) {
            throw new ApiException(e.status(), e.code(), e.getMessage());
        }
        res.headers().forEach(ctx::header);
        boolean head = ctx.method() == HandlerType.HEAD;
        GatewayResponse.FileContent file = res.file();
        if (file != null && res.status() == 200) {
            serveFile(ctx, file, head);
            return;
        }
        ctx.status(res.status());
        if (res.contentLength() >= 0) ctx.res().setContentLengthLong(res.contentLength());
        if (head || res.body() == null) return;
        OutputStream out = ctx.outputStream();
        try {
            res.body().writeTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new AbortResponse(e);
        }
    }

    /** A plain file: single byte ranges as for /content. */
    private static void serveFile(Context ctx, GatewayResponse.FileContent file, boolean head) throws IOException {
        ByteRange range = ByteRange.respond(ctx, file.size(), null);
        if (head) return;
        try (InputStream in = file.open(range.start(), range.length())) {
            OutputStream out = ctx.outputStream();
            in.transferTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new AbortResponse(e);
        }
    }

    /**
     * A body that failed after its status was sent (a block missing mid-stream): the connection
     * must be cut so the client cannot take a truncated CAR or file for a whole one.
     */
    static final class AbortResponse extends RuntimeException {
        AbortResponse(Throwable cause) {
            super("response aborted: " + cause.getMessage(), cause);
        }
    }
}
