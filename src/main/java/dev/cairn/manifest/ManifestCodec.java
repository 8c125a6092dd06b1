package dev.cairn.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.content.Cid;
import dev.cairn.keys.KeyIds;
import dev.cairn.replication.ReplicationLevel;
import dev.cairn.util.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Manifests to and from JSON ({@code docs/MANIFESTS.md}). Parsing is strict: unknown members,
 * wrong types, duplicate names, floating-point numbers, non-canonical CIDs, timestamps or hashes
 * are all malformed, with a message naming the member. So every accepted manifest is one that
 * {@link #toTree} writes back member for member, and its {@link #signingBytes} are exactly the
 * canonical form of what was received without its signature.
 */
public final class ManifestCodec {
    /** Manifests list files; 16 MiB is some 80,000 of them. */
    public static final int MAX_BYTES = 16 << 20;
    static final int MAX_TEXT = 256;
    static final int MAX_METADATA_VALUE = 65_536;

    private static final Set<String> MEMBERS = Set.of("manifest_version", "name", "version", "sequence", "created", "expires",
            "level", "files", "metadata", "signer", "signature");
    private static final Set<String> FILE_MEMBERS = Set.of("path", "cid", "size", "sha256", "mime");

    /** Made on first use, as the CLI's other mappers: picocli builds every command at start-up. */
    private static final class Json {
        // STRICT_DUPLICATE_DETECTION is JsonParser.Feature.STRICT_DUPLICATE_DETECTION: {"a":1,"a":2} is refused, not
        // read as {"a":2}, since a signer and a verifier that kept different duplicates would disagree on the content.
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    }

    private ManifestCodec() {}

    /** The manifest as JSON for people and Git diffs: indented, members in a readable order, a final newline. */
    public static byte[] write(Manifest m) {
        try {
            String text = Json.MAPPER.writer(Json.PRETTY).writeValueAsString(toTree(m));
            return (text + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a JSON tree always serializes", e);
        }
    }

    /** The JSON object of {@code m}; absent optional members (and a missing signer or signature) are left out. */
    public static ObjectNode toTree(Manifest m) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("manifest_version", Manifest.FORMAT_VERSION);
        o.put("name", m.name());
        o.put("version", m.version());
        o.put("sequence", m.sequence());
        o.put("created", Timestamps.format(m.created()));
        if (m.expires() != null) o.put("expires", Timestamps.format(m.expires()));
        if (m.level() != null) o.put("level", m.level().label());
        ArrayNode files = o.putArray("files");
        for (ManifestFile f : m.files()) {
            ObjectNode e = files.addObject();
            e.put("path", f.path());
            e.put("cid", f.cid().toString());
            e.put("size", f.size());
            e.put("sha256", f.sha256());
            if (f.mime() != null) e.put("mime", f.mime());
        }
        ObjectNode meta = o.putObject("metadata");
        m.metadata().forEach(meta::put);
        if (m.signer() != null) o.put("signer", m.signer());
        if (m.signature() != null) o.put("signature", m.signature());
        return o;
    }

    /** What the signature covers: the JCS form of the whole manifest without {@code signature} (the signer included). */
    public static byte[] signingBytes(Manifest m) {
        if (m.signer() == null) throw new IllegalArgumentException("manifest " + m.name() + " has no signer yet");
        ObjectNode o = toTree(m);
        o.remove("signature");
        return Jcs.canonicalize(o);
    }

    /** SHA-256 (hex) of {@link #signingBytes}: the same manifest content gives the same digest. */
    public static String digest(Manifest m) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signingBytes(m)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Parses a signed manifest; MalformedManifestException says precisely what is wrong. */
    public static Manifest parse(byte[] json) throws MalformedManifestException {
        if (json.length > MAX_BYTES) throw new MalformedManifestException("the manifest is " + json.length + " bytes, over the limit of 16 MiB");
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new MalformedManifestException("not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new MalformedManifestException("not valid JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) throw new MalformedManifestException("empty: no JSON object");
        Members top = Members.of(root, "");
        top.onlyThese(MEMBERS);
        long format = top.integer("manifest_version", 0, Jcs.MAX_SAFE_INTEGER);
        if (format != Manifest.FORMAT_VERSION) {
            throw new MalformedManifestException("manifest_version: " + format + " is not supported (this Cairn reads version "
                    + Manifest.FORMAT_VERSION + ")");
        }
        String name = top.label("name");
        String version = top.label("version");
        long sequence = top.integer("sequence", 0, Jcs.MAX_SAFE_INTEGER);
        Instant created = top.timestamp("created", true);
        Instant expires = top.timestamp("expires", false);
        if (expires != null && !expires.isAfter(created)) {
            throw new MalformedManifestException("expires: " + Timestamps.format(expires) + " is not after created (" + Timestamps.format(created) + ")");
        }
        ReplicationLevel level = top.level("level");
        List<ManifestFile> files = files(top.required("files"));
        Map<String, String> metadata = metadata(top.required("metadata"));
        String signer = top.text("signer", true);
        try {
            KeyIds.publicKey(signer);
        } catch (IllegalArgumentException e) {
            throw new MalformedManifestException("signer: " + e.getMessage());
        }
        String signature = top.text("signature", true);
        try {
            KeyIds.Base64Url.decode(signature, dev.cairn.util.Ed25519.SIGNATURE_BYTES, "the signature");
        } catch (IllegalArgumentException e) {
            throw new MalformedManifestException("signature: " + e.getMessage());
        }
        Manifest m = new Manifest(name, version, sequence, created, expires, level, files, metadata, signer, signature);
        requireRoundTrip(root, m);
        return m;
    }

    /**
     * The checks above make every accepted manifest write back exactly as received; this makes sure of
     * it (lone surrogates, which only JCS looks for, end here too), since otherwise a verifier would
     * check a signature over something other than what it was given.
     */
    private static void requireRoundTrip(JsonNode root, Manifest m) throws MalformedManifestException {
        byte[] received;
        try {
            received = Jcs.canonicalize(root);
        } catch (IllegalArgumentException e) {
            throw new MalformedManifestException(e.getMessage().replaceFirst("^JCS: \\$\\.?", ""));
        }
        if (!Arrays.equals(received, Jcs.canonicalize(toTree(m)))) {
            throw new MalformedManifestException("not in the form Cairn reads and writes back identically (a member is written in an unusual way)");
        }
    }

    private static List<ManifestFile> files(JsonNode node) throws MalformedManifestException {
        if (!node.isArray()) throw new MalformedManifestException("files: expected an array, found " + Members.describe(node));
        if (node.isEmpty()) throw new MalformedManifestException("files: is empty; a manifest lists at least one file");
        List<ManifestFile> files = new ArrayList<>(node.size());
        Map<String, Integer> paths = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "files[" + i + "]";
            Members f = Members.of(node.get(i), at);
            f.onlyThese(FILE_MEMBERS);
            String path = f.text("path", true);
            String problem = ManifestPaths.problem(path);
            if (problem != null) throw new MalformedManifestException(at + ".path: '" + Text.shorten(path) + "' " + problem);
            Integer before = paths.putIfAbsent(path, i);
            if (before != null) throw new MalformedManifestException(at + ".path: '" + Text.shorten(path) + "' is also files[" + before + "].path");
            Cid cid = f.cid("cid");
            long size = f.integer("size", 0, Jcs.MAX_SAFE_INTEGER);
            String sha256 = f.text("sha256", true);
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new MalformedManifestException(at + ".sha256: '" + Text.shorten(sha256) + "' is not 64 lower-case hex digits");
            }
            String mime = f.text("mime", false);
            if (mime != null && !MimeTypes.isValid(mime)) {
                throw new MalformedManifestException(at + ".mime: '" + Text.shorten(mime) + "' is not a media type (type/subtype)");
            }
            files.add(new ManifestFile(path, cid, size, sha256, mime));
        }
        return files;
    }

    private static Map<String, String> metadata(JsonNode node) throws MalformedManifestException {
        if (!node.isObject()) throw new MalformedManifestException("metadata: expected an object, found " + Members.describe(node));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new MalformedManifestException("metadata." + Text.shorten(e.getKey()) + ": expected a string, found "
                        + Members.describe(e.getValue()));
            }
            checkMetadata(e.getKey(), e.getValue().textValue());
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** A name or version: 1 to 256 characters, no control characters, no surrounding spaces. */
    /** A manifest's level, spelt exactly as its label; IllegalArgumentException naming the allowed ones. */
    public static ReplicationLevel level(String label) {
        return ReplicationLevel.byLabel(label).orElseThrow(() -> new IllegalArgumentException(
                "unknown level '" + Text.shorten(label) + "'; allowed: " + ReplicationLevel.labels()));
    }

    public static void checkLabel(String member, String value) throws MalformedManifestException {
        if (value.isEmpty() || value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl) || !value.strip().equals(value)) {
            throw new MalformedManifestException(member + ": '" + Text.shorten(value) + "' is not 1 to " + MAX_TEXT
                    + " characters without control characters or surrounding spaces");
        }
    }

    /** A metadata entry: a key of 1 to 256 characters without control characters, a value of at most 65,536. */
    public static void checkMetadata(String key, String value) throws MalformedManifestException {
        String at = "metadata." + Text.shorten(key);
        if (key.isEmpty() || key.length() > MAX_TEXT || key.chars().anyMatch(Character::isISOControl)) {
            throw new MalformedManifestException(at + ": a metadata key has 1 to " + MAX_TEXT + " characters, no control characters");
        }
        if (value.length() > MAX_METADATA_VALUE) throw new MalformedManifestException(at + ": longer than " + MAX_METADATA_VALUE + " characters");
    }

    /** The members of one JSON object, read with messages that name them ({@code files[2].size: ...}). */
    private record Members(JsonNode node, String at) {
        static Members of(JsonNode node, String at) throws MalformedManifestException {
            if (!node.isObject()) {
                throw new MalformedManifestException((at.isEmpty() ? "the manifest" : at) + ": expected an object, found " + describe(node));
            }
            return new Members(node, at);
        }

        String name(String member) {
            return at.isEmpty() ? member : at + "." + member;
        }

        void onlyThese(Set<String> allowed) throws MalformedManifestException {
            for (java.util.Map.Entry<String, JsonNode> e : node.properties()) {
                String member = e.getKey();
                if (!allowed.contains(member)) {
                    throw new MalformedManifestException(name(Text.shorten(member)) + ": unknown member (allowed: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        JsonNode required(String member) throws MalformedManifestException {
            JsonNode v = node.get(member);
            if (v == null) throw new MalformedManifestException(name(member) + ": missing");
            return v;
        }

        String text(String member, boolean required) throws MalformedManifestException {
            JsonNode v = node.get(member);
            if (v == null && !required) return null;
            v = required(member);
            if (!v.isTextual()) throw new MalformedManifestException(name(member) + ": expected a string, found " + describe(v));
            return v.textValue();
        }

        String label(String member) throws MalformedManifestException {
            String s = text(member, true);
            checkLabel(name(member), s);
            return s;
        }

        long integer(String member, long min, long max) throws MalformedManifestException {
            JsonNode v = required(member);
            if (!v.isIntegralNumber()) throw new MalformedManifestException(name(member) + ": expected an integer, found " + describe(v));
            if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
                throw new MalformedManifestException(name(member) + ": " + v.asText() + " is out of range (" + min + " to " + max + ")");
            }
            return v.longValue();
        }

        Instant timestamp(String member, boolean required) throws MalformedManifestException {
            String s = text(member, required);
            if (s == null) return null;
            try {
                return Timestamps.parse(s);
            } catch (IllegalArgumentException e) {
                throw new MalformedManifestException(name(member) + ": " + e.getMessage());
            }
        }

        ReplicationLevel level(String member) throws MalformedManifestException {
            String s = text(member, false);
            if (s == null) return null;
            try {
                return ManifestCodec.level(s);
            } catch (IllegalArgumentException e) {
                throw new MalformedManifestException(name(member) + ": " + e.getMessage());
            }
        }

        /** A CID in its canonical text (base32 CIDv1, or base58 CIDv0): one spelling per CID, so the signed text is the CID. */
        Cid cid(String member) throws MalformedManifestException {
            String s = text(member, true);
            Cid cid;
            try {
                cid = Cid.parse(s);
            } catch (IllegalArgumentException e) {
                throw new MalformedManifestException(name(member) + ": " + e.getMessage());
            }
            if (!cid.toString().equals(s)) {
                throw new MalformedManifestException(name(member) + ": '" + Text.shorten(s) + "' is not in canonical form; write it as " + cid);
            }
            return cid;
        }

        static String describe(JsonNode v) {
            return switch (v.getNodeType()) {
                case STRING -> "a string";
                case NUMBER -> (v.isIntegralNumber() ? "the integer " : "the number ") + v.asText();
                case BOOLEAN -> v.asText();
                case NULL -> "null";
                case ARRAY -> "an array";
                case OBJECT -> "an object";
                default -> v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }
}
