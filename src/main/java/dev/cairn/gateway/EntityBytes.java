package dev.cairn.gateway;

import java.util.regex.Pattern;

/**
 * The {@code entity-bytes=from:to} range of a CAR request (IPIP-402): inclusive byte offsets
 * like an HTTP Range, {@code to} may be {@code *} (end of the entity, held as null), and
 * negative values count from the end of the entity.
 */
public record EntityBytes(long from, Long to) {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,19}");

    /** The whole entity ({@code 0:*}). */
    public static final EntityBytes ALL = new EntityBytes(0, null);

    /** Parses {@code from:to}; throws a 400 {@link GatewayException} for malformed or inverted ranges. */
    public static EntityBytes parse(String value) {
        int colon = value.indexOf(':');
        if (colon < 0 || value.indexOf(':', colon + 1) >= 0) {
            throw bad(value, "expected from:to");
        }
        long from = number(value, value.substring(0, colon));
        String toText = value.substring(colon + 1);
        if (toText.equals("*")) return new EntityBytes(from, null);
        long to = number(value, toText);
        if ((from >= 0 && to >= 0 && from > to) || (from < 0 && to < 0 && from > to)) {
            throw bad(value, "'from' is after 'to'");
        }
        return new EntityBytes(from, to);
    }

    private static long number(String value, String text) {
        if (!NUMBER.matcher(text).matches()) throw bad(value, "'" + Text.abbreviate(text) + "' is not an integer");
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw bad(value, "'" + Text.abbreviate(text) + "' is out of range");
        }
    }

    private static GatewayException bad(String value, String why) {
        return GatewayException.badRequest(GatewayException.BAD_PARAM,
                "invalid entity-bytes '" + Text.abbreviate(value) + "': " + why);
    }

    // equals and hashCode written out: a record's own are bootstrapped at their first call,
    // which spins classes at run time, on a cold node's first CAR request (ARCHITECTURE.md, "Start-up")
    @Override
    public boolean equals(Object o) {
        return o instanceof EntityBytes e && from == e.from && java.util.Objects.equals(to, e.to);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(from) + java.util.Objects.hashCode(to);
    }

    /** The first and last byte (inclusive) of the range within an entity of {@code size} bytes. */
    public record Span(long first, long last) {
        public long length() {
            return last - first + 1;
        }

        boolean intersects(long start, long length) {
            return length > 0 && start <= last && start + length - 1 >= first;
        }

        boolean contains(long start, long length) {
            return start >= first && start + length - 1 <= last;
        }
    }

    /**
     * Resolves negative offsets and {@code *} against {@code size} and clips {@code to} to the
     * last byte. Returns null when nothing is left (a zero-length range, or one entirely outside
     * the entity): the response is then equivalent to {@code dag-scope=block}.
     */
    public Span resolve(long size) {
        long first = from < 0 ? Math.max(size + from, 0) : from;
        long last;
        if (to == null) {
            last = size - 1;
        } else if (to < 0) {
            last = size + to;
        } else {
            last = Math.min(to, size - 1);
        }
        if (first >= size || last < first) return null;
        return new Span(first, last);
    }

    @Override
    public String toString() {
        return from + ":" + (to == null ? "*" : to.toString());
    }
}
