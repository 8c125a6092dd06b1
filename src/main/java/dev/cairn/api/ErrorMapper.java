package dev.cairn.api;

import dev.cairn.content.BlockMismatchException;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.CidFormatException;
import dev.cairn.content.DagReader;
import dev.cairn.store.QuotaExceededException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place where failures become HTTP responses: every error is
 * {@code {"error": {"status": N, "code": "...", "message": "..."}}} with the matching status,
 * and never a stack trace. Unexpected exceptions are logged with their trace, answered 500.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    static void handle(Exception e, Context ctx) {
        if (ctx.res().isCommitted()) {
            // Too late for an error response: abort, so the client sees a broken transfer, not a short one.
            LOG.warn("{} {} failed after the response started: {}", ctx.method(), ctx.path(), e.getMessage());
            throw e instanceof RuntimeException r ? r : new GatewayRoutes.AbortResponse(e);
        }
        ApiException api = toApi(e);
        if (api.status() >= 500 && !(e instanceof ApiException)) {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        }
        if (api.retryAfterSeconds() != null) ctx.header("Retry-After", Long.toString(api.retryAfterSeconds()));
        write(ctx, api.status(), api.code(), api.getMessage());
    }

    static void write(Context ctx, int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", status);
        error.put("code", code);
        error.put("message", message);
        Json.send(ctx, status, Map.of("error", error));
    }

    static ApiException toApi(Exception e) {
        return switch (e) {
            case ApiException a -> a;
            case CidFormatException c -> ApiException.badRequest("invalid_id", c.getMessage());
            case BlockNotFoundException b -> ApiException.notFound(b.getMessage());
            case DagReader.NotAFileException n -> ApiException.badRequest("not_a_file", n.getMessage());
            case QuotaExceededException q -> new ApiException(507, "quota_exceeded", q.getMessage());
            case dev.cairn.replication.Cluster.NotInClusterException n -> new ApiException(409, "not_in_cluster", n.getMessage());
            case dev.cairn.replication.Cluster.CannotSignException c -> new ApiException(403, "cannot_sign", c.getMessage());
            case dev.cairn.replication.Cluster.SupersededException c -> new ApiException(409, "superseded", c.getMessage());
            case BlockMismatchException b -> new ApiException(500, "corrupt_block", b.getMessage());
            case GatewayRoutes.AbortResponse a -> new ApiException(500, "internal", a.getMessage());
            case io.javalin.http.HttpResponseException h -> new ApiException(h.getStatus(), codeFor(h.getStatus()), h.getMessage());
            default -> new ApiException(500, "internal", "internal error; the node's log has the details");
        };
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            case 416 -> "range_not_satisfiable";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
    }
}
