package dev.cairn.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.content.Cid;
import dev.cairn.keys.KeyIds;
import dev.cairn.replication.Cluster;
import dev.cairn.replication.PinOp;
import dev.cairn.replication.ReplicationLevel;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Cluster pin operations signed outside the node, by an operator whose key never leaves their
 * machine: {@code POST /api/v1/cluster/ops/draft} returns the unsigned operation (the node fills
 * in the content size, its logical time and itself as origin), the client signs it, and
 * {@code POST /api/v1/cluster/ops} takes it if a key the cluster trusts signed it.
 */
final class ClusterOpRoutes {
    private static final int MAX_BODY = 8192;
    private final Cluster cluster;

    ClusterOpRoutes(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Body: {@code {"cid", "action": "add"|"remove", "level" | "replicas", "name", "signer": "ed25519:..."}}. */
    void draft(Context ctx) throws IOException {
        JsonNode body = body(ctx);
        Cid cid = Cid.parse(field(body, "cid"));
        String signer = field(body, "signer");
        try {
            KeyIds.publicKey(signer);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_parameter", "signer: " + e.getMessage());
        }
        PinOp draft = switch (field(body, "action")) {
            case "add" -> {
                String level = body.hasNonNull("level") ? body.get("level").asText() : null;
                try {
                    ReplicationLevel l = level == null ? null : ReplicationLevel.parse(level);
                    JsonNode r = body.get("replicas");
                    if (r != null && !r.isNull() && !r.canConvertToInt()) throw new IllegalArgumentException("replicas must be a whole number");
                    int replicas = ReplicationLevel.copies(l, r == null || r.isNull() ? null : r.asInt());
                    String name = body.hasNonNull("name") ? body.get("name").asText() : null;
                    yield cluster.draftAdd(cid, replicas, l == null ? null : l.label(), name, signer);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("invalid_parameter", e.getMessage());
                }
            }
            case "remove" -> cluster.draftRemove(cid, signer).orElseThrow(() -> ApiException.notFound(cid + " has no cluster pin"));
            default -> throw ApiException.badRequest("invalid_parameter", "action must be add or remove");
        };
        Json.ok(ctx, draft.toJson());
    }

    /** Body: a signed pin operation, as the draft returned it plus the signature. 202 with the pin's status after an add, 204 after a remove. */
    void submit(Context ctx) throws IOException {
        PinOp op;
        try {
            op = PinOp.fromJson(body(ctx));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_operation", e.getMessage());
        }
        Optional<dev.cairn.replication.PinStatus> status;
        try {
            status = cluster.submit(op);
        } catch (SecurityException e) {
            throw new ApiException(403, "untrusted_signer", e.getMessage());
        }
        if (status.isPresent()) Json.send(ctx, 202, status.get().json());
        else ctx.status(204);
    }

    private static JsonNode body(Context ctx) throws IOException {
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) throw ApiException.tooLarge("a pin operation is at most " + MAX_BODY + " bytes");
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) throw ApiException.badRequest("invalid_json", "the body must be a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String field(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || !v.isTextual()) throw ApiException.badRequest("invalid_parameter", "'" + name + "' must be a string");
        return v.asText();
    }
}
