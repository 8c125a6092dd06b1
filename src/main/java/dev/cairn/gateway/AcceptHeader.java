package dev.cairn.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The media ranges of an {@code Accept} header (RFC 9110 section 12.5.1) with their
 * parameters and weights. Parsing is lenient like browsers expect: an entry that cannot be
 * read (no type/subtype, a parameter without '=', a bad weight) is skipped, not an error.
 */
final class AcceptHeader {
    /** One media range: lower-case type, its parameters (names lower-case, values unquoted) and weight. */
    record MediaRange(String type, Map<String, String> params, double q, int position) {}

    private AcceptHeader() {}

    /** Entries with a weight above zero, best first; equal weights keep header order. */
    static List<MediaRange> parse(String header) {
        List<MediaRange> out = new ArrayList<>();
        if (header == null) return out;
        int position = 0;
        for (String entry : split(header, ',')) {
            MediaRange range = parseRange(entry.strip(), position++);
            if (range != null && range.q() > 0) out.add(range);
        }
        out.sort(BEST_FIRST);
        return out;
    }

    /**
     * Higher weight first, then header order. Written out rather than composed from {@link
     * Comparator}'s combinators: those spin their lambda classes at first use, which on a peer's
     * first block request cost a cold node tens of milliseconds (see docs/ARCHITECTURE.md, "Start-up").
     */
    private static final Comparator<MediaRange> BEST_FIRST = new Comparator<>() {
        @Override
        public int compare(MediaRange a, MediaRange b) {
            int byWeight = Double.compare(b.q(), a.q());
            return byWeight != 0 ? byWeight : Integer.compare(a.position(), b.position());
        }
    };

    private static MediaRange parseRange(String entry, int position) {
        if (entry.isEmpty()) return null;
        List<String> parts = split(entry, ';');
        String type = parts.getFirst().strip().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        if (slash <= 0 || slash == type.length() - 1 || type.indexOf('/', slash + 1) >= 0 || type.indexOf(' ') >= 0) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        double q = 1.0;
        for (int i = 1; i < parts.size(); i++) {
            String p = parts.get(i).strip();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq <= 0) return null;
            String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unquote(p.substring(eq + 1).strip());
            if (name.equals("q")) {
                try {
                    q = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (!(q >= 0 && q <= 1) || !value.matches("[01](\\.[0-9]{0,3})?")) return null;
                // Parameters after the weight are accept-extensions, not media type parameters.
                break;
            }
            params.put(name, value);
        }
        return new MediaRange(type, params, q, position);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return v;
    }

    /** Splits on {@code sep} outside double quotes. */
    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') quoted = !quoted;
            if (c == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
