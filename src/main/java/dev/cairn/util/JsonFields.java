package dev.cairn.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The top-level fields of one JSON object (RFC 8259): each scalar as its text and kind, each
 * array as its length, nested objects only as present. For the few fields a CLI command reads
 * of a node's answer or of {@code node.json}.
 *
 * <p>Its own small reader, not Jackson's: every Jackson parser first initialises
 * {@code java.math.BigDecimal} (for its number limits), and on JDK 25 that class's set-up took
 * 17-27 ms of a command's cold start, in the interpreter, before the command had asked the
 * node anything. Strict: anything but one whole, well-formed object is an error.
 */
public final class JsonFields {
    /** Deeper nesting than this is refused rather than walked (a hostile file must not overflow the stack). */
    private static final int MAX_DEPTH = 256;

    private enum Kind { STRING, NUMBER, LITERAL }

    private record Scalar(String text, Kind kind) {}

    private final Map<String, Scalar> scalars;
    private final Map<String, Integer> arrays;
    private final Set<String> objects;

    private JsonFields(Map<String, Scalar> scalars, Map<String, Integer> arrays, Set<String> objects) {
        this.scalars = scalars;
        this.arrays = arrays;
        this.objects = objects;
    }

    /** The fields of {@code json}, which must be one object; a JSON null counts as absent; a repeated name keeps its last value. */
    public static JsonFields parse(byte[] json) throws IOException {
        return new Reader(new String(json, StandardCharsets.UTF_8)).document();
    }

    /** Whether the field is there and not null, of any kind. */
    public boolean has(String name) {
        return scalars.containsKey(name) || arrays.containsKey(name) || objects.contains(name);
    }

    /** The scalar's text (a string's value, a number or {@code true}/{@code false} as written); {@code otherwise} if absent, null, or not a scalar. */
    public String text(String name, String otherwise) {
        Scalar s = scalars.get(name);
        return s == null ? otherwise : s.text();
    }

    /** The field's value if it is a JSON string; {@code otherwise} if absent or of another kind. */
    public String string(String name, String otherwise) {
        Scalar s = scalars.get(name);
        return s == null || s.kind() != Kind.STRING ? otherwise : s.text();
    }

    /** The field as a whole number (a JSON number without fraction or exponent that fits a long); {@code otherwise} if absent or not one. */
    public long longValue(String name, long otherwise) {
        Scalar s = scalars.get(name);
        if (s == null || s.kind() != Kind.NUMBER) return otherwise;
        try {
            return Long.parseLong(s.text());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** How many elements the array has; 0 if absent or not an array. */
    public int size(String name) {
        return arrays.getOrDefault(name, 0);
    }

    /** A recursive-descent reader over the decoded text; values below the top level are checked and skipped. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        JsonFields document() throws IOException {
            Map<String, Scalar> scalars = new HashMap<>();
            Map<String, Integer> arrays = new HashMap<>();
            Set<String> objects = new HashSet<>();
            space();
            expect('{');
            space();
            if (!take('}')) {
                do {
                    space();
                    String name = string();
                    space();
                    expect(':');
                    space();
                    scalars.remove(name);
                    arrays.remove(name);
                    objects.remove(name);
                    switch (peek()) {
                        case '{' -> {
                            skipValue(1);
                            objects.add(name);
                        }
                        case '[' -> arrays.put(name, array(1));
                        case '"' -> scalars.put(name, new Scalar(string(), Kind.STRING));
                        case 'n' -> literal("null");
                        case 't' -> scalars.put(name, new Scalar(literal("true"), Kind.LITERAL));
                        case 'f' -> scalars.put(name, new Scalar(literal("false"), Kind.LITERAL));
                        default -> scalars.put(name, new Scalar(number(), Kind.NUMBER));
                    }
                    space();
                } while (take(','));
                expect('}');
            }
            space();
            if (i != s.length()) throw error("text after the object");
            return new JsonFields(scalars, arrays, objects);
        }

        /** Counts the elements of the array starting here and moves past it. */
        private int array(int depth) throws IOException {
            expect('[');
            space();
            if (take(']')) return 0;
            int n = 0;
            do {
                space();
                skipValue(depth + 1);
                n++;
                space();
            } while (take(','));
            expect(']');
            return n;
        }

        private void skipValue(int depth) throws IOException {
            if (depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH);
            switch (peek()) {
                case '{' -> {
                    i++;
                    space();
                    if (take('}')) return;
                    do {
                        space();
                        string();
                        space();
                        expect(':');
                        space();
                        skipValue(depth + 1);
                        space();
                    } while (take(','));
                    expect('}');
                }
                case '[' -> array(depth);
                case '"' -> string();
                case 'n' -> literal("null");
                case 't' -> literal("true");
                case 'f' -> literal("false");
                default -> number();
            }
        }

        private String string() throws IOException {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw error("unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return out.toString();
                if (c < 0x20) throw error("control character in a string");
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (i >= s.length()) throw error("unterminated string");
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) throw error("short \\u escape");
                        try {
                            out.append((char) Integer.parseInt(s, i, i + 4, 16));
                        } catch (NumberFormatException x) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        /** A number as written: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
        private String number() throws IOException {
            int start = i;
            take('-');
            if (!take('0')) {
                if (digits() == 0) throw error("expected a value");
            }
            if (take('.') && digits() == 0) throw error("digits expected after '.'");
            if (take('e') || take('E')) {
                if (!take('+')) take('-');
                if (digits() == 0) throw error("digits expected in the exponent");
            }
            return s.substring(start, i);
        }

        private int digits() {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            return i - start;
        }

        private String literal(String word) throws IOException {
            if (!s.startsWith(word, i)) throw error("expected a value");
            i += word.length();
            return word;
        }

        private void space() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
                i++;
            }
        }

        private char peek() throws IOException {
            if (i >= s.length()) throw error("unexpected end");
            return s.charAt(i);
        }

        private boolean take(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) throws IOException {
            if (!take(c)) throw error(i >= s.length() ? "unexpected end, expected '" + c + "'" : "expected '" + c + "'");
        }

        private IOException error(String what) {
            return new IOException("malformed JSON at offset " + i + ": " + what);
        }
    }
}
