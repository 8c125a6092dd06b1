package dev.cairn.gateway;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Percent-encoding, HTML escaping and other small text helpers of the gateway. */
final class Text {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Text() {}

    static String abbreviate(String s) {
        String printable = s.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
    }

    /**
     * Decodes %XX escapes (a '+' stays a '+': this is a path, not a form) and checks that the
     * bytes are UTF-8. Returns null when an escape is malformed or the bytes are not UTF-8.
     */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= raw.length) return null;
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) return null;
                out.write((hi << 4) | lo);
                i += 2;
            } else {
                out.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** {@link #percentDecode}, or {@code s} itself when it cannot be decoded. */
    static String percentDecodeOrSelf(String s) {
        String d = percentDecode(s);
        return d == null ? s : d;
    }

    /** Percent-encodes a path segment: everything but RFC 3986 unreserved characters and a few safe sub-delims. */
    static String encodeSegment(String segment) {
        return percentEncode(segment, "-._~!$()*+,=@");
    }

    /** Percent-encodes UTF-8 bytes except ASCII letters, digits and the {@code safe} characters. */
    static String percentEncode(String s, String safe) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 0x80 && safe.indexOf(c) >= 0);
            if (keep) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >>> 4]).append(HEX[c & 15]);
            }
        }
        return sb.toString();
    }

    static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A query string from the first value of each parameter, keys sorted (as Go's url.Values.Encode). */
    static String query(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (!sb.isEmpty()) sb.append('&');
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8));
            sb.append('=');
            sb.append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static String first(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) return false;
        }
        return true;
    }

    /** {@code disposition; filename="ascii"} plus RFC 8187 {@code filename*} when the name is not plain ASCII. */
    static String contentDisposition(String disposition, String filename) {
        String ascii = filename.codePoints()
                .map(c -> c < 0x20 || c > 0x7E || c == '"' || c == '\\' ? '_' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        String header = disposition + "; filename=\"" + ascii + "\"";
        if (!ascii.equals(filename)) {
            // RFC 8187 attr-char
            header += "; filename*=UTF-8''" + percentEncode(filename, "!#$&+-.^_`|~");
        }
        return header;
    }
}
