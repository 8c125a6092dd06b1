package dev.cairn.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code Content-Type} of a plain file response: from the file name's extension when it is
 * a known one, else sniffed from the first bytes (a few magic numbers, then text or binary),
 * as Kubo does with Go's mime and http.DetectContentType.
 */
final class ContentTypes {
    /** How many leading bytes {@link #sniff} looks at (as http.DetectContentType). */
    static final int SNIFF_LENGTH = 512;

    static final String OCTET_STREAM = "application/octet-stream";
    static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("map", "application/json"),
            Map.entry("txt", TEXT_PLAIN), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"), Map.entry("xml", "text/xml; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"), Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("bmp", "image/bmp"),
            Map.entry("wasm", "application/wasm"), Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("tar", "application/x-tar"),
            Map.entry("car", "application/vnd.ipld.car"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"), Map.entry("opus", "audio/ogg"),
            Map.entry("flac", "audio/flac"), Map.entry("wav", "audio/wav"), Map.entry("m4a", "audio/mp4"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mkv", "video/x-matroska"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"));

    private ContentTypes() {}

    /** The type for {@code name}'s extension, or null when the name has none Cairn knows. */
    static String byName(String name) {
        if (name == null) return null;
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) return null;
        return BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The type of content starting with {@code head} (at most {@link #SNIFF_LENGTH} bytes are used). */
    static String sniff(byte[] head) {
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (startsWith(head, 'G', 'I', 'F', '8')) return "image/gif";
        if (startsWith(head, 'R', 'I', 'F', 'F') && head.length >= 12 && head[8] == 'W' && head[9] == 'E'
                && head[10] == 'B' && head[11] == 'P') {
            return "image/webp";
        }
        if (startsWith(head, '%', 'P', 'D', 'F', '-')) return "application/pdf";
        if (startsWith(head, 'P', 'K', 3, 4)) return "application/zip";
        if (startsWith(head, 0x1F, 0x8B, 8)) return "application/x-gzip";
        if (startsWith(head, 0, 'a', 's', 'm')) return "application/wasm";
        if (startsWith(head, 'I', 'D', '3') || startsWith(head, 0xFF, 0xFB)) return "audio/mpeg";
        if (startsWith(head, 'O', 'g', 'g', 'S')) return "application/ogg";
        if (head.length >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') return "video/mp4";
        if (startsWith(head, 0x1A, 0x45, 0xDF, 0xA3)) return "video/webm";
        String text = utf8Prefix(head);
        if (text == null) return OCTET_STREAM;
        String lead = text.stripLeading().toLowerCase(Locale.ROOT);
        if (lead.startsWith("<!doctype html") || lead.startsWith("<html") || lead.startsWith("<head")
                || lead.startsWith("<body") || lead.startsWith("<script")) {
            return "text/html; charset=utf-8";
        }
        if (lead.startsWith("<?xml")) return "text/xml; charset=utf-8";
        if (lead.startsWith("<svg")) return "image/svg+xml";
        return TEXT_PLAIN;
    }

    private static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((b[i] & 0xFF) != magic[i]) return false;
        return true;
    }

    /** The bytes as text if they are UTF-8 without binary control characters (a cut last character is fine). */
    private static String utf8Prefix(byte[] head) {
        int n = Math.min(head.length, SNIFF_LENGTH);
        for (int i = 0; i < n; i++) {
            int c = head[i] & 0xFF;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) return null;
        }
        // Drop up to 3 trailing bytes of a character cut by the sniff window.
        for (int cut = 0; cut <= Math.min(3, n); cut++) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(head, 0, n - cut))
                        .toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                if (n < SNIFF_LENGTH) return null; // the whole file is here: no character was cut
            }
        }
        return null;
    }
}
