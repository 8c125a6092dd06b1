package dev.cairn.api;

import dev.cairn.net.Protocol;
import dev.cairn.replication.Cluster;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * The cluster exchange between members (docs/PROTOCOL.md): {@code /cairn/v1/cluster/status}
 * and {@code /cairn/v1/cluster/pinset}. The asker proves membership with the
 * {@code X-Cairn-Cluster} header (and, in a cluster of operator keys, its certificate in
 * {@code X-Cairn-Member}); anyone else gets 403, and a node in no cluster 404.
 */
final class ClusterRoutes {
    private static final String CLAIM = "X-Cairn-Cluster";
    private static final String CERTIFICATE = "X-Cairn-Member";
    private final Cluster cluster;

    ClusterRoutes(Cluster cluster) {
        this.cluster = cluster;
    }

    void status(Context ctx) throws IOException {
        answer(ctx, () -> cluster.answerStatus(ctx.header(Protocol.PEER_HEADER), ctx.header(CLAIM), ctx.header(CERTIFICATE),
                ctx.queryParam("challenge"), ctx.queryParamAsClass("holdings_version", String.class).getOrDefault("")));
    }

    void pinset(Context ctx) throws IOException {
        long since = SeedRoutes.intParam(ctx, "since", 0);
        int limit = SeedRoutes.intParam(ctx, "limit", 500);
        answer(ctx, () -> cluster.answerPinset(ctx.header(Protocol.PEER_HEADER), ctx.header(CLAIM), ctx.header(CERTIFICATE), since, limit));
    }

    private interface Answer {
        Object get() throws IOException;
    }

    private void answer(Context ctx, Answer a) throws IOException {
        Object body;
        try {
            body = a.get();
        } catch (Cluster.NotInClusterException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (SecurityException e) {
            throw new ApiException(403, "not_a_member", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_request", e.getMessage());
        }
        byte[] json = Json.MAPPER.writeValueAsBytes(body);
        long requestBytes = ctx.method().name().length() + ctx.fullUrl().length() + 12;
        for (String h : ctx.headerMap().keySet()) requestBytes += h.length() + String.valueOf(ctx.header(h)).length() + 4;
        cluster.answered(requestBytes, json.length + 120);
        ctx.contentType("application/json").result(json);
    }
}
