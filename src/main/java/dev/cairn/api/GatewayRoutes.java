package dev.cairn.api;

import dev.cairn.gateway.Gateway;
import dev.cairn.gateway.GatewayException;
import dev.cairn.gateway.GatewayRequest;
import dev.cairn.gateway.GatewayResponse;
import dev.cairn.swarm.Swarm;
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
    private final Gateway local;
    private final Gateway network;
    private final Swarm swarm;

    /**
     * @param local answers from the store alone ({@code Cache-Control: only-if-cached}, how peers ask)
     * @param network also fetches missing blocks from peers (everyone else); may be {@code local}
     * @param swarm for the upload cap and metrics on peer traffic; null when there is no network
     */
    GatewayRoutes(Gateway local, Gateway network, Swarm swarm) {
        this.local = local;
        this.network = network;
        this.swarm = swarm;
    }

    void serve(Context ctx) throws IOException {
        String raw = ctx.path().substring("/ipfs/".length());
        String cacheControl = ctx.header("Cache-Control");
        boolean onlyIfCached = cacheControl != null && cacheControl.toLowerCase(java.util.Locale.ROOT).contains("only-if-cached");
        GatewayResponse res;
        try {
            GatewayRequest req = GatewayRequest.parse(ctx.method().name(), raw, ctx.queryParamMap(), ctx.header("Accept"),
                    ctx.header("If-None-Match"));
            res = (onlyIfCached ? local : network).handle(req);
        } catch (GatewayException e) {
            // the trustless gateway spec: only-if-cached and not held here is 412, not 404
            if (onlyIfCached && e.status() == 404) throw new ApiException(412, "not_cached", e.getMessage());
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
        OutputStream out = output(ctx);
        try {
            res.body().writeTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new AbortResponse(e);
        }
    }

    /** A plain file: single byte ranges as for /content. */
    private void serveFile(Context ctx, GatewayResponse.FileContent file, boolean head) throws IOException {
        ByteRange range = ByteRange.respond(ctx, file.size(), null);
        if (head) return;
        try (InputStream in = file.open(range.start(), range.length())) {
            OutputStream out = output(ctx);
            in.transferTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new AbortResponse(e);
        }
    }

    /** The response body; to a peer (it says so in its header) under the upload cap, and counted. */
    private OutputStream output(Context ctx) throws IOException {
        OutputStream out = ctx.outputStream();
        if (swarm == null || ctx.header(dev.cairn.net.Protocol.PEER_HEADER) == null) return out;
        return new dev.cairn.swarm.ThrottledOutputStream(out, swarm.uploadLimiter(), swarm.metrics()::sent);
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
