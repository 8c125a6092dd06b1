package dev.cairn.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RFC 8785 (JCS) canonical form of the JSON that manifests use: objects, arrays, strings,
 * integers, booleans and null. What is signed must serialize to the same bytes in every
 * implementation, so anything this subset cannot pin down exactly is refused rather than
 * guessed at: floating-point numbers (JCS prints them the way ECMAScript does, which is more
 * than manifests need), integers beyond 2^53 - 1 (not exact as IEEE 754 doubles, which JCS
 * assumes) and strings with lone surrogates (not Unicode, so not I-JSON).
 */
public final class Jcs {
    /** The largest integer an IEEE 754 double holds exactly: JCS numbers are doubles. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Jcs() {}

    /** The canonical UTF-8 bytes of {@code node}; IllegalArgumentException naming the place of anything outside the subset. */
    public static byte[] canonicalize(JsonNode node) {
        return canonicalString(node).getBytes(StandardCharsets.UTF_8);
    }

    public static String canonicalString(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, "$", out);
        return out.toString();
    }

    private static void write(JsonNode node, String at, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, at, out);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) out.append(',');
                    write(node.get(i), at + "[" + i + "]", out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), at, out);
            case NUMBER -> writeInteger(node, at, out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("JCS: " + at + " is a " + node.getNodeType() + ", which JSON has no form for");
        }
    }

    private static void writeObject(JsonNode node, String at, StringBuilder out) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        // RFC 8785 3.2.3: by the names' UTF-16 code units, which is exactly what String.compareTo compares.
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> m : members) {
            if (!first) out.append(',');
            first = false;
            String here = at + "." + m.getKey();
            writeString(m.getKey(), here, out);
            out.append(':');
            write(m.getValue(), here, out);
        }
        out.append('}');
    }

    private static void writeInteger(JsonNode node, String at, StringBuilder out) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("JCS: " + at + " is the floating-point number " + node.asText()
                    + "; manifests use integers only");
        }
        if (!node.canConvertToLong() || Math.abs(node.longValue()) > MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("JCS: " + at + " is the integer " + node.asText()
                    + ", beyond +-(2^53 - 1), the largest JCS represents exactly");
        }
        out.append(node.longValue());
    }

    /** RFC 8785 3.2.2.2: escape only '"', '\\' and controls (short forms where JSON has them); the rest is written as is. */
    static void writeString(String s, String at, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("JCS: " + at + " holds a lone surrogate \\u"
                                + Integer.toHexString(c) + ", which is not Unicode text");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
