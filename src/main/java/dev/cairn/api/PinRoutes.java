package dev.cairn.api;

import dev.cairn.content.Cid;
import dev.cairn.replication.Cluster;
import dev.cairn.replication.PinStatus;
import dev.cairn.replication.ReplicationLevel;
import dev.cairn.store.Pin;
import dev.cairn.store.Repo;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/pins}: local pins (this node keeps the content) and cluster pins (the cluster
 * keeps {@code replicas} copies, placed by {@link Cluster}). A pin request with {@code level}
 * or {@code replicas} is a cluster pin; without, a local one, as before replication existed.
 */
final class PinRoutes {
    private final Repo repo;
    private final Cluster cluster;
    private final String selfId;

    PinRoutes(Repo repo, Cluster cluster, String selfId) {
        this.repo = repo;
        this.cluster = cluster;
        this.selfId = selfId;
    }

    void list(Context ctx) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Pin p : repo.pins().list()) out.add(local(p));
        for (PinStatus s : cluster.statuses()) out.add(s.json());
        Json.ok(ctx, out);
    }

    void get(Context ctx) throws IOException {
        Cid cid = Cid.parse(ctx.pathParam("cid"));
        Optional<PinStatus> clustered = cluster.status(cid);
        if (clustered.isPresent()) {
            Json.ok(ctx, clustered.get().json());
            return;
        }
        Pin p = repo.pins().get(cid).orElseThrow(() -> ApiException.notFound(cid + " is not pinned"));
        Json.ok(ctx, local(p));
    }

    void pin(Context ctx) throws IOException {
        Cid cid = Cid.parse(ctx.pathParam("cid"));
        String level = ctx.queryParam("level");
        String replicas = ctx.queryParam("replicas");
        String name = ctx.queryParam("name");
        if (level != null || replicas != null) {
            ReplicationLevel l = null;
            int n;
            try {
                if (level != null) l = ReplicationLevel.parse(level);
                n = ReplicationLevel.copies(l, replicas == null ? null : Integer.valueOf(replicas.strip()));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid_parameter", "replicas must be a whole number, got '" + replicas + "'");
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_parameter", e.getMessage());
            }
            try {
                Json.send(ctx, 202, cluster.pin(cid, n, l == null ? null : l.label(), name).json());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_parameter", e.getMessage());
            }
            return;
        }
        boolean direct = "false".equalsIgnoreCase(ctx.queryParam("recursive"));
        repo.pin(cid, direct ? Pin.Mode.DIRECT : Pin.Mode.RECURSIVE, name);
        Json.ok(ctx, Map.of("cid", cid.toString(), "scope", "local", "mode", direct ? "direct" : "recursive"));
    }

    /**
     * Removes the cluster pin of the CID if there is one, else its local pin; {@code scope=local}
     * or {@code scope=cluster} says which. A local pin and a cluster pin of one CID are separate:
     * removing one leaves the other.
     */
    void unpin(Context ctx) throws IOException {
        Cid cid = Cid.parse(ctx.pathParam("cid"));
        String scope = ctx.queryParam("scope");
        if (scope != null && !scope.equals("local") && !scope.equals("cluster")) {
            throw ApiException.badRequest("invalid_parameter", "scope must be local or cluster, got '" + scope + "'");
        }
        boolean removed;
        if ("cluster".equals(scope) || (scope == null && cluster.status(cid).isPresent())) {
            removed = cluster.unpin(cid);
        } else {
            removed = repo.unpin(cid);
        }
        if (!removed) throw ApiException.notFound(cid + " has no " + (scope == null ? "" : scope + " ") + "pin");
        ctx.status(204);
    }

    /** {@code GET /api/v1/cluster}: the cluster id and members, as this node sees them. */
    void cluster(Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster_id", cluster.clusterId().orElse(null));
        m.put("kind", cluster.kind().orElse(null));
        m.put("signer", cluster.signerId().orElse(null));
        m.put("peer_id", selfId);
        m.put("interval", cluster.interval().toString());
        m.put("repair_delay", cluster.options().repairDelay().toString());
        m.put("members", cluster.members());
        Json.ok(ctx, m);
    }

    private Map<String, Object> local(Pin p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cid", p.cid().toString());
        m.put("scope", "local");
        m.put("state", "pinned");
        m.put("mode", p.mode().label());
        m.put("name", p.name());
        m.put("replicas", 1);
        m.put("holders", List.of(selfId));
        m.put("created_at", p.createdAt());
        m.put("created", Instant.ofEpochMilli(p.createdAt()).toString());
        return m;
    }
}
