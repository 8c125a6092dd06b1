package dev.cairn.api;

import dev.cairn.catalog.Catalog;
import dev.cairn.catalog.CatalogQuery;
import dev.cairn.catalog.Item;
import dev.cairn.catalog.Library;
import dev.cairn.catalog.RemoteCatalog;
import dev.cairn.net.Network;
import dev.cairn.store.Repo;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The endpoints of seeds 000 and 002, in their JSON shapes: /ping, /health, /status, /stats, /tracks (/peers is in PeerRoutes). */
final class SeedRoutes {
    private final NodeInfo node;
    private final Repo repo;
    private final Library library;
    private final HealthCheck health;
    private final Network network;

    SeedRoutes(NodeInfo node, Repo repo, Library library, Network network) {
        this.node = node;
        this.repo = repo;
        this.library = library;
        this.network = network;
        this.health = new HealthCheck(repo);
    }

    void ping(Context ctx) {
        Json.ok(ctx, Map.of("status", "ok"));
    }

    void health(Context ctx) {
        Map<String, HealthCheck.Component> components = health.components();
        boolean ok = components.values().stream().allMatch(c -> c.status().equals("ok"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : "unavailable");
        body.put("version", node.version());
        body.put("components", components);
        Json.send(ctx, ok ? 200 : 503, body);
    }

    void status(Context ctx) throws IOException {
        Catalog.Stats stats = library.catalog().stats();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node_id", node.peerId());
        body.put("peer_id", node.peerId());
        body.put("version", node.version());
        body.put("started_at", node.startedAt().toString());
        body.put("uptime_seconds", Duration.between(node.startedAt(), Instant.now()).toSeconds());
        body.put("address", node.address());
        body.put("tracks", stats.items());
        body.put("peers", network.livePeers().size());
        body.put("pins", repo.pins().list().size());
        body.put("store", Map.of("used_bytes", repo.blocks().usedBytes(), "max_bytes", node.maxBytes()));
        Json.ok(ctx, body);
    }

    void stats(Context ctx) throws IOException {
        Catalog.Stats stats = library.catalog().stats();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tracks", stats.items());
        body.put("content_bytes", stats.bytes());
        body.put("artists", stats.artists());
        body.put("albums", stats.albums());
        body.put("store_used_bytes", repo.blocks().usedBytes());
        body.put("peers", network.livePeers().size());
        body.put("uptime_seconds", Duration.between(node.startedAt(), Instant.now()).toSeconds());
        Json.ok(ctx, body);
    }

    /**
     * The seed's list shape; pagination in {@code limit}/{@code offset}, the total in
     * {@code X-Total-Count}. {@code scope=network} lists local and peers' items together, each
     * with {@code local} and the {@code peers} that offer it.
     */
    void tracks(Context ctx) throws IOException {
        String scope = ctx.queryParam("scope");
        if (scope != null && !scope.equals("local") && !scope.equals("network")) {
            throw ApiException.badRequest("invalid_parameter", "scope must be local or network, got '" + scope + "'");
        }
        if ("network".equals(scope)) {
            RemoteCatalog.NetworkPage page = network.remote().list(query(ctx));
            ctx.header("X-Total-Count", Long.toString(page.total()));
            Json.ok(ctx, page.items().stream().map(n -> {
                Map<String, Object> t = track(n.item());
                t.put("local", n.local());
                t.put("peers", n.peers());
                return t;
            }).toList());
            return;
        }
        Catalog.Page page = library.catalog().list(query(ctx));
        ctx.header("X-Total-Count", Long.toString(page.total()));
        Json.ok(ctx, page.items().stream().map(SeedRoutes::track).toList());
    }

    static CatalogQuery query(Context ctx) {
        int limit = intParam(ctx, "limit", 100);
        int offset = intParam(ctx, "offset", 0);
        try {
            return new CatalogQuery(ctx.queryParam("q"), ctx.queryParam("artist"), ctx.queryParam("album"),
                    ctx.queryParam("genre"), limit, offset);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_parameter", e.getMessage());
        }
    }

    static int intParam(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_parameter", name + " must be an integer, got '" + v + "'");
        }
    }

    /** Seed 002's track: title, artist, content_hash, size, duration; plus album and cid. */
    static Map<String, Object> track(Item i) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("title", i.title() != null ? i.title() : i.name());
        t.put("artist", i.artist());
        t.put("album", i.album());
        t.put("content_hash", i.sha256());
        t.put("cid", i.cid().toString());
        t.put("size", i.size());
        t.put("duration", i.duration());
        t.put("genre", i.genre());
        return t;
    }
}
