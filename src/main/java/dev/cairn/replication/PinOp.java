package dev.cairn.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.content.Cid;
import dev.cairn.content.CidFormatException;
import dev.cairn.net.PeerIds;
import dev.cairn.net.Protocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

/**
 * One signed change to the cluster pinset: pin {@code cid} on {@code replicas} nodes, or remove
 * it (a tombstone). The pinset keeps, per CID, the operation with the latest {@code ts}, ties
 * broken by {@link #opId()}: a last-writer-wins register, so every node that has seen the same
 * operations holds the same pinset, in whatever order they arrived.
 *
 * <p>{@code ts} is a logical clock in milliseconds (see {@link Pinset#nextTime}): never below
 * the wall clock, always above any time the issuing node has seen, so a remove issued after
 * seeing an add always wins over it, even between nodes whose clocks disagree.
 *
 * @param size bytes of the content (UnixFS file size or DAG size), -1 when unknown; placement skips nodes without room
 * @param origin the peer id of the node that issued the operation (shown, not trusted)
 * @param signer the id of the key that signed: the cluster key, or an operator key ({@code ed25519:...})
 */
public record PinOp(Cid cid, Action action, int replicas, String level, String name, long size, long ts, String origin,
        String signer, String signature) {

    public enum Action {
        ADD, REMOVE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final int MAX_REPLICAS = 100;
    private static final int MAX_NAME = 200;
    private static final Set<String> FIELDS = Set.of("cid", "action", "replicas", "level", "name", "size", "ts", "origin", "signer", "signature");
    private static final ObjectMapper JSON = new ObjectMapper();

    public PinOp {
        if (replicas < 0 || replicas > MAX_REPLICAS) throw new IllegalArgumentException("replicas must be 1.." + MAX_REPLICAS + ", got " + replicas);
        if (action == Action.ADD && replicas < 1) throw new IllegalArgumentException("a pin needs at least 1 replica");
        if (name != null && (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("a pin name is at most " + MAX_NAME + " printable characters");
        }
        if (level != null) ReplicationLevel.parse(level);
        if (size < -1) throw new IllegalArgumentException("size must be -1 (unknown) or more");
    }

    /** A new operation by this node, signed with the cluster key. */
    static PinOp signed(ClusterKey key, Cid cid, Action action, int replicas, String level, String name, long size, long ts, String origin) {
        return new PinOp(cid.toV1(), action, replicas, level, name, size, ts, origin, key.id(), "").signedAs(key.id(), key::sign);
    }

    /** This operation signed by {@code signerId}: {@code sign} turns the signed form into a signature by that key. */
    public PinOp signedAs(String signerId, UnaryOperator<byte[]> sign) {
        PinOp unsigned = new PinOp(cid.toV1(), action, replicas, level, name, size, ts, origin, signerId, "");
        return new PinOp(unsigned.cid, action, replicas, level, name, size, ts, origin, signerId,
                Protocol.encode(sign.apply(unsigned.payload())));
    }

    /** The signed bytes: a context string and every field, one per line (names hold no control characters). */
    byte[] payload() {
        return ("cairn-pin-op-v1\n" + cid.toV1() + "\n" + action.label() + "\n" + replicas + "\n" + (level == null ? "" : level) + "\n"
                + (name == null ? "" : name) + "\n" + size + "\n" + ts + "\n" + origin + "\n" + signer + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the signature is the cluster key's over this operation. */
    boolean signedBy(ClusterKey key) {
        return key.id().equals(signer) && signatureChecks(key::verify);
    }

    /** Whether {@code verify} accepts the signature over the signed form (false for a signature that is not base64url). */
    boolean signatureChecks(BiPredicate<byte[], byte[]> verify) {
        try {
            return verify.test(payload(), Protocol.decode(signature));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** SHA-256 of the signed form, hex: the tie-break between operations of equal time. */
    public String opId() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this operation wins over {@code other} for the same CID. */
    public boolean supersedes(PinOp other) {
        if (ts != other.ts) return ts > other.ts;
        return opId().compareTo(other.opId()) > 0;
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("cid", cid.toString());
        o.put("action", action.label());
        o.put("replicas", replicas);
        if (level != null) o.put("level", level);
        if (name != null) o.put("name", name);
        o.put("size", size);
        o.put("ts", ts);
        o.put("origin", origin);
        o.put("signer", signer);
        o.put("signature", signature);
        return o;
    }

    /** Strict: an operation from a peer with a missing, extra or mistyped field is malformed. */
    public static PinOp fromJson(JsonNode n) {
        if (!n.isObject()) throw new IllegalArgumentException("a pin operation must be a JSON object");
        n.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) throw new IllegalArgumentException("unknown field '" + f + "' in pin operation");
        });
        Cid cid;
        try {
            cid = Cid.parse(text(n, "cid", true));
        } catch (CidFormatException e) {
            throw new IllegalArgumentException("bad cid in pin operation: " + e.getMessage());
        }
        Action action = switch (text(n, "action", true)) {
            case "add" -> Action.ADD;
            case "remove" -> Action.REMOVE;
            default -> throw new IllegalArgumentException("pin operation action must be add or remove");
        };
        String origin = text(n, "origin", true);
        if (!PeerIds.isValid(origin)) throw new IllegalArgumentException("pin operation origin is not a peer id");
        return new PinOp(cid.toV1(), action, (int) number(n, "replicas"), text(n, "level", false), text(n, "name", false),
                number(n, "size"), number(n, "ts"), origin, text(n, "signer", true), text(n, "signature", true));
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new IllegalArgumentException("pin operation lacks '" + field + "'");
            return null;
        }
        if (!v.isTextual()) throw new IllegalArgumentException("pin operation field '" + field + "' must be a string");
        return v.asText();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("pin operation field '" + field + "' must be an integer");
        }
        long x = v.asLong();
        if (field.equals("replicas") && (x < 0 || x > MAX_REPLICAS)) throw new IllegalArgumentException("replicas out of range");
        return x;
    }
}
