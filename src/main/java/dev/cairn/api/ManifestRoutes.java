package dev.cairn.api;

import dev.cairn.content.Cid;
import dev.cairn.keys.TrustedKeys;
import dev.cairn.manifest.BlockContentCheck;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.ManifestFile;
import dev.cairn.manifest.ManifestSequences;
import dev.cairn.manifest.ManifestVerifier;
import dev.cairn.manifest.VerifyResult;
import dev.cairn.replication.Cluster;
import dev.cairn.replication.PinStatus;
import dev.cairn.replication.ReplicationLevel;
import dev.cairn.store.Repo;
import dev.cairn.swarm.Download;
import dev.cairn.swarm.Swarm;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /api/v1/manifests}: verify a signed manifest with this node's trusted keys
 * ({@code <data-dir>/trusted-keys/*.pub}) and the sequences it has seen; publish one (every
 * file pinned across the cluster at the manifest's level, superseding the files of older
 * sequences of the same name); fetch one (every file downloaded and pinned here).
 *
 * <p>The cluster pins of a manifest are named {@code manifest:<hash of name>:<sequence> <name>},
 * so any member can tell which pins an older sequence left behind: the pinset carries it.
 */
final class ManifestRoutes {
    private final Repo repo;
    private final Cluster cluster;
    private final Swarm swarm;

    ManifestRoutes(Repo repo, Cluster cluster, Swarm swarm) {
        this.repo = repo;
        this.cluster = cluster;
        this.swarm = swarm;
    }

    /** {@code POST /api/v1/manifests/verify[?check_content=true]}: 200 if accepted, else 422 with the reason as the code. */
    void verify(Context ctx) throws IOException {
        boolean content = "true".equalsIgnoreCase(ctx.queryParam("check_content"));
        Json.ok(ctx, accepted(verified(ctx, content)));
    }

    /** {@code POST /api/v1/manifests}: publish: pin every file across the cluster at the manifest's level. */
    void publish(Context ctx) throws IOException {
        if (!cluster.enabled()) {
            throw new Cluster.NotInClusterException("publishing pins a manifest's files across the cluster, and this node is in no "
                    + "replication cluster: set replication.cluster_secret");
        }
        VerifyResult verdict = verified(ctx, false);
        Manifest m = verdict.manifest();
        ReplicationLevel level = m.effectiveLevel();
        String tag = tag(m.name());
        String pinName = tag + ":" + m.sequence() + " " + shorten(m.name());
        List<Map<String, Object>> files = new ArrayList<>();
        Set<Cid> current = new java.util.HashSet<>();
        for (ManifestFile f : m.files()) {
            PinStatus s = cluster.pin(f.cid(), level.replicas(), level.label(), pinName);
            current.add(f.cid().toV1());
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("path", f.path());
            o.put("cid", f.cid().toString());
            o.put("state", s.state());
            files.add(o);
        }
        List<String> superseded = new ArrayList<>();
        for (PinStatus s : cluster.statuses()) {
            long seq = sequenceOf(s.name(), tag);
            if (seq >= 0 && seq < m.sequence() && !current.contains(s.cid().toV1()) && cluster.unpin(s.cid())) {
                superseded.add(s.cid().toString());
            }
        }
        Map<String, Object> out = accepted(verdict);
        out.put("level", level.label());
        out.put("replicas", level.replicas());
        out.put("files", files);
        out.put("superseded", superseded);
        Json.send(ctx, 202, out);
    }

    /** {@code GET /api/v1/manifests}: the manifests published to the cluster, newest sequence of each name. */
    void list(Context ctx) throws IOException {
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        for (PinStatus s : cluster.statuses()) {
            if (s.name() == null || !s.name().startsWith("manifest:")) continue;
            int colon = s.name().indexOf(':', 9);
            int space = s.name().indexOf(' ', colon);
            if (colon < 0 || space < 0) continue;
            String name = s.name().substring(space + 1);
            long seq = sequenceOf(s.name(), s.name().substring(0, colon));
            Map<String, Object> m = byName.computeIfAbsent(name, k -> new LinkedHashMap<>(Map.of("name", k, "sequence", -1L)));
            if (seq > (long) m.get("sequence")) {
                m.put("sequence", seq);
                m.put("level", s.level());
                m.put("files", 0);
                m.put("states", new TreeMap<String, Integer>());
            }
            if (seq == (long) m.get("sequence")) {
                m.put("files", (int) m.get("files") + 1);
                @SuppressWarnings("unchecked")
                Map<String, Integer> states = (Map<String, Integer>) m.get("states");
                states.merge(s.state(), 1, Integer::sum);
            }
        }
        Json.ok(ctx, new ArrayList<>(byName.values()));
    }

    /** {@code POST /api/v1/manifests/fetch}: verify, then download and pin every file here; the transfers to follow. */
    void fetch(Context ctx) throws IOException {
        VerifyResult verdict = verified(ctx, false);
        Manifest m = verdict.manifest();
        List<Map<String, Object>> transfers = new ArrayList<>();
        for (ManifestFile f : m.files()) {
            Download d = swarm.download(f.cid(), Download.Keep.PIN);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("path", f.path());
            o.put("cid", f.cid().toString());
            o.put("transfer", d.id());
            transfers.add(o);
        }
        Map<String, Object> out = accepted(verdict);
        out.put("transfers", transfers);
        Json.send(ctx, 202, out);
    }

    private VerifyResult verified(Context ctx, boolean checkContent) throws IOException {
        byte[] json;
        try (InputStream in = ctx.bodyInputStream()) {
            json = in.readNBytes(ManifestCodec.MAX_BYTES + 1);
        }
        Path trustedDir = repo.dataDir().resolve("trusted-keys");
        TrustedKeys trusted = Files.isDirectory(trustedDir) ? TrustedKeys.fromDirectory(trustedDir)
                : TrustedKeys.none("this node trusts no key: put the signers' public keys (*.pub) in " + trustedDir);
        VerifyResult r = new ManifestVerifier(trusted, new ManifestSequences(repo.database()), Clock.systemUTC())
                .verify(json, checkContent ? new BlockContentCheck(repo.blocks()) : null);
        if (!r.ok()) throw new ApiException(422, r.rejection().name().toLowerCase(Locale.ROOT), r.message());
        return r;
    }

    private static Map<String, Object> accepted(VerifyResult r) {
        Manifest m = r.manifest();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ok", true);
        o.put("name", m.name());
        o.put("version", m.version());
        o.put("sequence", m.sequence());
        o.put("signer", m.signer());
        o.put("message", r.message());
        return o;
    }

    /** {@code manifest:<16 hex digits of SHA-256(name)>}: fixed length, whatever the name. */
    static String tag(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "manifest:" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sequence in a pin name made by {@link #publish} for the manifest {@code tag}, or -1. */
    private static long sequenceOf(String pinName, String tag) {
        if (pinName == null || !pinName.startsWith(tag + ":")) return -1;
        int space = pinName.indexOf(' ', tag.length() + 1);
        try {
            return Long.parseLong(pinName.substring(tag.length() + 1, space < 0 ? pinName.length() : space));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String shorten(String name) {
        return name.length() <= 150 ? name : name.substring(0, 150);
    }
}
