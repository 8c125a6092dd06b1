package dev.cairn.api;

import dev.cairn.catalog.ContentHash;
import dev.cairn.catalog.Item;
import dev.cairn.catalog.Library;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.BlockSource;
import dev.cairn.content.Cid;
import dev.cairn.content.DagReader;
import dev.cairn.content.UnixFsNode;
import dev.cairn.metrics.NodeMetrics;
import dev.cairn.store.Repo;
import dev.cairn.swarm.Swarm;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET|HEAD /content/{id}}: a file by whole-file SHA-256 or by CID, streamed from the
 * store with single byte ranges, strong ETags (content addresses never change) and the
 * catalog's content type and file name.
 */
final class ContentRoutes {
    private final BlockSource blocks;
    private final Library library;
    private final Swarm swarm;
    private final NodeMetrics metrics;

    /** @param swarm where missing blocks come from; null for a node that serves only what it stores */
    ContentRoutes(Repo repo, Library library, Swarm swarm, NodeMetrics metrics) {
        this.blocks = swarm != null ? swarm.source() : repo.blocks();
        this.library = library;
        this.swarm = swarm;
        this.metrics = metrics;
    }

    /** The CID an id names: a CID, or a whole-file SHA-256 this node or (with a swarm) a peer offers. */
    static Cid resolve(String id, Library library, Swarm swarm) throws IOException {
        Optional<Item> item = find(id, library, swarm);
        if (item.isPresent()) return item.get().cid();
        if (ContentHash.isSha256(id)) throw ApiException.notFound("no content with SHA-256 " + id + " on this node or its peers");
        return Cid.parse(id);
    }

    private static Optional<Item> find(String id, Library library, Swarm swarm) throws IOException {
        Optional<Item> local = library.find(id);
        if (local.isPresent() || swarm == null) return local;
        return swarm.network().remote().find(id);
    }

    void serve(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Optional<Item> item = find(id, library, swarm);
        Cid cid = item.isPresent() ? item.get().cid() : resolve(id, library, swarm);
        UnixFsNode root; // read and hashed once, for the size and then for the reading
        try {
            root = DagReader.fileRoot(blocks, cid);
        } catch (BlockNotFoundException e) {
            throw ApiException.notFound("content " + cid + " is not on this node" + (swarm == null ? "" : " or its peers"));
        }
        long size = root.contentSize();
        String etag = "\"" + cid + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.header("X-Content-Type-Options", "nosniff");
        String name = item.map(Item::name).orElse(null);
        if (name != null) ctx.header("Content-Disposition", disposition(name));
        ctx.contentType(item.map(Item::mime).filter(m -> m != null && !m.isBlank()).orElseGet(() -> sniff(root, size)));
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ByteRange range = ByteRange.respond(ctx, size, etag);
        if (ctx.method() == io.javalin.http.HandlerType.HEAD) return;
        try (DagReader reader = DagReader.open(blocks, root, range.start(), range.length())) {
            OutputStream out = ctx.outputStream();
            long sent = reader.writeTo(out);
            out.flush();
            metrics.download(sent);
        }
    }

    private String sniff(UnixFsNode root, long size) {
        if (size == 0) return "application/octet-stream";
        try (DagReader head = DagReader.open(blocks, root, 0, Math.min(size, 512))) {
            return dev.cairn.catalog.tags.TagReader.sniffMime(head.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) return true;
        }
        return false;
    }

    static String disposition(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_").replace("\"", "_");
        return "inline; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
