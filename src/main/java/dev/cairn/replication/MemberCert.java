package dev.cairn.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.keys.KeyIds;
import dev.cairn.keys.TrustedKeys;
import dev.cairn.net.PeerIds;
import dev.cairn.util.Ed25519;
import dev.cairn.util.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Set;

/**
 * An operator's word that a node belongs to the cluster: the node's peer id, when it was said,
 * until when (optional), signed by an operator key. In a cluster of operator keys, a node
 * proves membership by showing its certificate and signing with its own node key; every node
 * that trusts the signer accepts it. Made by {@code cairn cluster admit}.
 *
 * @param expires null: valid until the operator key is no longer trusted
 */
public record MemberCert(String peerId, Instant issued, Instant expires, String signer, String signature) {
    static final String TYPE = "cairn-member-v1";
    /** Far more than a certificate takes (about 300 bytes); a bigger file or header is refused unread. */
    static final int MAX_BYTES = 4096;
    private static final Set<String> FIELDS = Set.of("type", "peer_id", "issued", "expires", "signer", "signature");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A certificate for {@code peerId}, signed now by {@code operator}; {@code validFor} null for no expiry. */
    public static MemberCert issue(KeyPair operator, String peerId, Duration validFor) {
        if (!PeerIds.isValid(peerId)) throw new IllegalArgumentException("'" + Text.shorten(peerId) + "' is not a peer id (cairn id prints one)");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant until = validFor == null ? null : now.plus(validFor);
        String signer = KeyIds.of(operator.getPublic());
        MemberCert unsigned = new MemberCert(peerId, now, until, signer, "");
        return new MemberCert(peerId, now, until, signer,
                KeyIds.Base64Url.encode(Ed25519.sign(operator.getPrivate(), unsigned.payload())));
    }

    private byte[] payload() {
        return (TYPE + "\n" + peerId + "\n" + issued + "\n" + (expires == null ? "" : expires) + "\n" + signer + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Null if this certificate admits {@code peer} now under {@code trusted}; else what is wrong with it. */
    public String problem(TrustedKeys trusted, String peer, Instant now) {
        if (!peerId.equals(peer)) return "it admits " + peerId + ", not " + peer;
        if (!trusted.trusts(signer)) return "its signer " + signer + " is not one of " + trusted.source();
        if (!signatureChecks()) return "its signature does not match its contents";
        if (expires != null && !now.isBefore(expires)) return "it expired at " + expires;
        if (issued.isAfter(now.plus(Duration.ofMinutes(5)))) return "it was issued in the future (" + issued + "): check the clocks";
        return null;
    }

    private boolean signatureChecks() {
        try {
            byte[] sig = KeyIds.Base64Url.decode(signature, Ed25519.SIGNATURE_BYTES, "the signature");
            return Ed25519.verify(KeyIds.publicKey(signer), payload(), sig);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", TYPE);
        o.put("peer_id", peerId);
        o.put("issued", issued.toString());
        if (expires != null) o.put("expires", expires.toString());
        o.put("signer", signer);
        o.put("signature", signature);
        return o;
    }

    /** The certificate in an HTTP header: its JSON, base64url. */
    String toHeader() {
        return KeyIds.Base64Url.encode(toJson().toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Strict: a missing, extra or mistyped field is an IllegalArgumentException saying which. */
    public static MemberCert fromJson(JsonNode n) {
        if (n == null || !n.isObject()) throw new IllegalArgumentException("a member certificate is a JSON object");
        n.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) throw new IllegalArgumentException("unknown field '" + Text.shorten(f) + "' in member certificate");
        });
        if (!TYPE.equals(text(n, "type", true))) throw new IllegalArgumentException("not a member certificate (type must be " + TYPE + ")");
        String peer = text(n, "peer_id", true);
        if (!PeerIds.isValid(peer)) throw new IllegalArgumentException("member certificate peer_id is not a peer id");
        String signer = text(n, "signer", true);
        KeyIds.publicKey(signer); // says what is wrong with a bad key id
        String expires = text(n, "expires", false);
        return new MemberCert(peer, instant(text(n, "issued", true), "issued"), expires == null ? null : instant(expires, "expires"), signer,
                text(n, "signature", true));
    }

    static MemberCert fromHeader(String header) {
        if (header.length() > MAX_BYTES * 2) throw new IllegalArgumentException("member certificate header too long");
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(header);
            return fromJson(JSON.readTree(json));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed member certificate: " + e.getMessage());
        }
    }

    public static MemberCert read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) throw new IOException("member certificate " + file + " is larger than " + MAX_BYTES + " bytes");
        try {
            return fromJson(JSON.readTree(Files.readAllBytes(file)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("member certificate " + file + ": " + e.getMessage(), e);
        }
    }

    public String toPrettyString() {
        return toJson().toPrettyString() + "\n";
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new IllegalArgumentException("member certificate lacks '" + field + "'");
            return null;
        }
        if (!v.isTextual()) throw new IllegalArgumentException("member certificate field '" + field + "' must be a string");
        return v.asText();
    }

    private static Instant instant(String text, String field) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("member certificate field '" + field + "' is not a UTC time like 2026-01-01T00:00:00Z");
        }
    }
}
