package dev.cairn.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.content.Cid;
import dev.cairn.swarm.Download;
import dev.cairn.swarm.Swarm;
import io.javalin.http.Context;

/** {@code /api/v1/transfers}: start a download from the network, follow it, cancel it. */
final class TransferRoutes {
    /** The longest a {@code GET ?wait=} is held (a running transfer is answered then, still running). */
    static final int MAX_WAIT_SECONDS = 60;

    private final Swarm swarm;
    private final dev.cairn.catalog.Library library;

    TransferRoutes(Swarm swarm, dev.cairn.catalog.Library library) {
        this.swarm = swarm;
        this.library = library;
    }

    /** {@code {"cid": "...", "pin": false}}; the cid may also be a whole-file SHA-256 the network offers. */
    void start(Context ctx) throws java.io.IOException {
        JsonNode req;
        try {
            req = Json.MAPPER.readTree(ctx.bodyInputStream());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("invalid_json", "request body is not valid JSON");
        }
        if (req == null || !req.path("cid").isTextual()) throw ApiException.badRequest("invalid_request", "need {\"cid\": \"...\"}");
        Cid cid = ContentRoutes.resolve(req.path("cid").asText(), library, swarm);
        Download d = swarm.download(cid, req.path("pin").asBoolean(false));
        Json.send(ctx, 202, d.view());
    }

    void list(Context ctx) {
        Json.ok(ctx, swarm.downloads().stream().map(Download::view).toList());
    }

    /**
     * One transfer. With {@code ?wait=S} (seconds, at most {@link #MAX_WAIT_SECONDS}), a transfer
     * still running is answered when it ends or after S seconds, whichever comes first: a client
     * waiting for the end hears of it at once, without polling.
     */
    void get(Context ctx) throws InterruptedException {
        Download d = find(ctx);
        long waitMillis = waitMillis(ctx.queryParam("wait"));
        if (waitMillis > 0) {
            try {
                d.completion().get(waitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException ended) {
                // still running, or ended other than done: the view says which
            }
        }
        Json.ok(ctx, d.view());
    }

    private static long waitMillis(String wait) {
        if (wait == null) return 0;
        double seconds;
        try {
            seconds = Double.parseDouble(wait);
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds >= 0 && seconds <= MAX_WAIT_SECONDS)) {
            throw ApiException.badRequest("invalid_parameter", "wait must be a number of seconds from 0 to " + MAX_WAIT_SECONDS + ", got '" + wait + "'");
        }
        return (long) (seconds * 1000);
    }

    void cancel(Context ctx) {
        Download d = find(ctx);
        d.cancel();
        Json.ok(ctx, d.view());
    }

    private Download find(Context ctx) {
        String id = ctx.pathParam("id");
        return swarm.downloadById(id).orElseThrow(() -> ApiException.notFound("no transfer " + id));
    }
}
