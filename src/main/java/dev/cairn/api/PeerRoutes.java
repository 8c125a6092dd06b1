package dev.cairn.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.catalog.LibraryChanges;
import dev.cairn.content.Cid;
import dev.cairn.content.CidFormatException;
import dev.cairn.net.LibraryWire;
import dev.cairn.net.Network;
import dev.cairn.net.Peer;
import dev.cairn.net.Protocol;
import dev.cairn.store.Repo;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peer protocol (docs/PROTOCOL.md): the seed's {@code POST /discover} and {@code GET /peers},
 * and {@code /cairn/v1/library}, {@code /have}, {@code /announce}. Everything a peer sends is
 * validated; a malformed request is a 400 naming what is wrong.
 */
final class PeerRoutes {
    private final Network network;
    private final Repo repo;

    PeerRoutes(Network network, Repo repo) {
        this.network = network;
        this.repo = repo;
    }

    void discover(Context ctx) throws IOException {
        JsonNode req = body(ctx);
        try {
            Json.ok(ctx, network.answerDiscover(req, ctx.ip()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_peer", e.getMessage());
        }
    }

    /** Seed 002's list (peer_id, host, port, available_tracks) with what this node measured of each. */
    void peers(Context ctx) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Peer p : network.peers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peer_id", p.id());
            m.put("host", p.address().host());
            m.put("port", p.address().port());
            m.put("address", p.address().toString());
            m.put("state", p.state().name().toLowerCase(java.util.Locale.ROOT));
            m.put("last_seen", p.lastSeen() > 0 ? Instant.ofEpochMilli(p.lastSeen()).toString() : null);
            m.put("rtt_ms", p.rttMillis() >= 0 ? Math.round(p.rttMillis() * 10) / 10.0 : null);
            m.put("score", Math.round(p.score() * 1000) / 1000.0);
            m.put("items", p.items());
            m.put("available_tracks", network.remote().hashes(p.id()));
            m.put("bytes_received", p.bytesReceived());
            m.put("failures", p.failures());
            out.add(m);
        }
        Json.ok(ctx, out);
    }

    void library(Context ctx) throws IOException {
        long since = SeedRoutes.intParam(ctx, "since", 0);
        int limit = SeedRoutes.intParam(ctx, "limit", Protocol.LIBRARY_PAGE);
        if (since < 0 || limit < 1 || limit > Protocol.LIBRARY_PAGE) {
            throw ApiException.badRequest("invalid_parameter", "need since >= 0 and 1 <= limit <= " + Protocol.LIBRARY_PAGE);
        }
        LibraryChanges.Changes page = new LibraryChanges(repo.database()).since(since, limit);
        Json.ok(ctx, LibraryWire.encode(page));
    }

    void have(Context ctx) throws IOException {
        JsonNode cids = body(ctx).path("cids");
        if (!cids.isArray() || cids.size() > Protocol.MAX_HAVE) {
            throw ApiException.badRequest("invalid_request", "have needs \"cids\": an array of at most " + Protocol.MAX_HAVE + " CIDs");
        }
        List<Boolean> have = new ArrayList<>(cids.size());
        for (JsonNode c : cids) {
            Cid cid;
            try {
                cid = Cid.parse(c.asText(""));
            } catch (CidFormatException e) {
                throw ApiException.badRequest("invalid_id", e.getMessage());
            }
            have.add(cid.isIdentity() || repo.blocks().has(cid));
        }
        Json.ok(ctx, Map.of("have", have));
    }

    void announce(Context ctx) {
        network.announced(body(ctx));
        ctx.status(204);
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode n = Json.MAPPER.readTree(ctx.bodyInputStream());
            if (n == null || !n.isObject()) throw ApiException.badRequest("invalid_json", "request body must be a JSON object");
            return n;
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "request body is not valid JSON");
        }
    }
}
