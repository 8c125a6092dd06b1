package dev.cairn.api;

import dev.cairn.catalog.Item;
import dev.cairn.catalog.Library;
import dev.cairn.catalog.Metadata;
import dev.cairn.content.Cid;
import dev.cairn.content.ImportProfile;
import dev.cairn.metrics.NodeMetrics;
import dev.cairn.store.AddOptions;
import dev.cairn.store.Pin;
import dev.cairn.store.Repo;
import dev.cairn.store.VerifyReport;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The write API under {@code /api/v1}: items, pins, gc, verify jobs, CAR import. Writes need the token. */
final class WriteRoutes {
    private final Repo repo;
    private final Library library;
    private final long maxUploadBytes;
    private final NodeMetrics metrics;
    private final Jobs jobs = new Jobs();

    WriteRoutes(Repo repo, Library library, long maxUploadBytes, NodeMetrics metrics) {
        this.repo = repo;
        this.library = library;
        this.maxUploadBytes = maxUploadBytes;
        this.metrics = metrics;
    }

    private InputStream limited(InputStream in) {
        return maxUploadBytes > 0 ? new LimitedInputStream(in, maxUploadBytes) : in;
    }

    /**
     * {@code POST /api/v1/items}: the file as the request body (metadata in query parameters,
     * {@code name} for its file name) or as a multipart form with a {@code file} part (for
     * browsers; metadata in form fields). 201 with the item.
     */
    void add(Context ctx) throws IOException {
        Item item;
        if (ctx.isMultipartFormData()) {
            UploadedFile file = ctx.uploadedFile("file");
            if (file == null) throw ApiException.badRequest("missing_file", "multipart upload without a 'file' part");
            Metadata meta = ItemView.fromParams(ctx::formParam, ctx.formParamMap().keySet());
            if (maxUploadBytes > 0 && file.size() > maxUploadBytes) {
                throw ApiException.tooLarge("upload of " + file.size() + " bytes is over the node's limit of " + maxUploadBytes
                        + " bytes (api.max_body_bytes)");
            }
            try (InputStream in = file.content()) {
                item = library.addStream(in, file.filename(), options(ctx.formParam("profile"), ctx.formParam("pin")), meta);
            }
        } else {
            Metadata meta = ItemView.fromQuery(ctx);
            long declared = ctx.req().getContentLengthLong();
            if (maxUploadBytes > 0 && declared > maxUploadBytes) {
                throw ApiException.tooLarge("upload of " + declared + " bytes is over the node's limit of " + maxUploadBytes
                        + " bytes (api.max_body_bytes)");
            }
            try (InputStream in = limited(ctx.bodyInputStream())) {
                item = library.addStream(in, ctx.queryParam("name"), options(ctx.queryParam("profile"), ctx.queryParam("pin")), meta);
            }
        }
        metrics.added(item.size());
        ctx.header("Location", "/api/v1/items/" + item.cid());
        Json.send(ctx, 201, ItemView.of(item));
    }

    private static AddOptions options(String profile, String pin) {
        ImportProfile p;
        try {
            p = profile == null || profile.isBlank() ? ImportProfile.UNIXFS_V1_2025 : ImportProfile.named(profile);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_parameter", "profile: " + e.getMessage());
        }
        boolean pinned = pin == null || !pin.equalsIgnoreCase("false");
        return new AddOptions(p, false, false, false, pinned);
    }

    void list(Context ctx) throws IOException {
        var page = library.catalog().list(SeedRoutes.query(ctx));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", page.total());
        body.put("items", page.items().stream().map(ItemView::of).toList());
        Json.ok(ctx, body);
    }

    void get(Context ctx) throws IOException {
        Json.ok(ctx, ItemView.of(item(ctx)));
    }

    /** {@code PATCH /api/v1/items/{id}}: JSON with the fields to change; custom keys set to null are removed. */
    void edit(Context ctx) throws IOException {
        Item item = item(ctx);
        Metadata patch = Json.read(ctx, Metadata.class);
        Item edited = item.with(patch, System.currentTimeMillis());
        library.catalog().put(edited);
        Json.ok(ctx, ItemView.of(edited));
    }

    void delete(Context ctx) throws IOException {
        Item item = item(ctx);
        library.remove(item.cid());
        ctx.status(204);
    }

    private Item item(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        return library.find(id).orElseThrow(() -> ApiException.notFound("no item " + id));
    }

    void gc(Context ctx) throws IOException {
        Repo.GcResult r = repo.gc();
        Json.ok(ctx, Map.of("removed_blocks", r.removedBlocks(), "removed_bytes", r.removedBytes(),
                "kept_blocks", r.keptBlocks(), "used_bytes", r.usedBytes()));
    }

    void verify(Context ctx) {
        Jobs.Job job = jobs.start("verify", j -> {
            VerifyReport report = repo.verify(j::progress);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ok", report.ok());
            result.put("checked_blocks", report.checkedBlocks());
            result.put("checked_bytes", report.checkedBytes());
            result.put("problems", report.problems().stream().map(VerifyReport.Problem::toString).toList());
            return result;
        });
        ctx.header("Location", "/api/v1/jobs/" + job.id);
        Json.send(ctx, 202, job.json());
    }

    void job(Context ctx) {
        Json.ok(ctx, jobs.get(ctx.pathParam("id")).json());
    }

    /** {@code POST /api/v1/car}: a CAR v1 body, verified block by block; its roots are pinned unless {@code pin=false}. */
    void importCar(Context ctx) throws IOException {
        List<Cid> roots;
        try (InputStream in = new java.io.BufferedInputStream(limited(ctx.bodyInputStream()), 1 << 16)) {
            roots = repo.importCar(in, !"false".equalsIgnoreCase(ctx.queryParam("pin")));
        } catch (dev.cairn.content.CarReader.CarFormatException | dev.cairn.content.BlockMismatchException e) {
            throw ApiException.badRequest("invalid_car", e.getMessage());
        }
        Json.ok(ctx, Map.of("roots", roots.stream().map(Cid::toString).toList()));
    }
}
