package dev.cairn.config;

import dev.cairn.util.Durations;
import dev.cairn.util.Sizes;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How one kind of config value is read (from a YAML scalar or list, an environment variable or a
 * flag), checked, written back (for {@code config.yaml}, {@code config show} and the README) and
 * described to a user who got it wrong. Every {@link Key} has one.
 */
public abstract sealed class ValueType<T> {
    private ValueType() {}

    /** Reads one text value; throws {@link InvalidValue} saying what is wrong with it. */
    abstract T parse(String text);

    /** Reads a YAML list; only list types take one. */
    T parseList(List<String> items) {
        throw new InvalidValue("is a list, but one value is expected");
    }

    /** The text {@link #parse} reads back as the same value (the form for environment variables and flags). */
    abstract String format(T value);

    /** The value as YAML (flow style, quoted where YAML would read it differently). */
    String yaml(T value) {
        return yamlScalar(format(value));
    }

    /** The value for JSON output: a String, Number, Boolean, List or null. */
    Object json(T value) {
        return format(value);
    }

    /** What is allowed, completing "allowed: ...", e.g. "an integer from 0 to 65535". */
    public abstract String allowed();

    /** Makes relative paths absolute against {@code base}; other types are unchanged. */
    T resolve(T value, Path base) {
        return value;
    }

    /** Secret values are never printed (config show, error messages). */
    boolean secret() {
        return false;
    }

    // ---- the types ----

    /** A host name or IP address to listen on; brackets around an IPv6 address are dropped. */
    public static ValueType<String> host() {
        return new Host();
    }

    public static ValueType<Integer> integer(int min, int max) {
        return new Int(min, max);
    }

    public static ValueType<Boolean> bool() {
        return new Bool();
    }

    /** Bytes: a number, or a size with a unit such as 512MiB or 10GB ({@link Sizes#parse}). */
    public static ValueType<Long> size(long min, long max) {
        return new Size(min, max, false);
    }

    /** Bytes per second: a size, optionally followed by "/s" (10MiB/s). */
    public static ValueType<Long> rate(long min, long max) {
        return new Size(min, max, true);
    }

    /** A duration such as 250ms, 5s, 5m, 1h or 1h30m ({@link Durations#parse}). */
    public static ValueType<Duration> duration(Duration min, Duration max) {
        return new Time(min, max);
    }

    /** One of an enum's constants, written in lower case (read in any case). */
    public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
        return new OneOf<>(type);
    }

    /** A non-empty string without spaces or commas, such as a name or a URL. */
    public static ValueType<String> token() {
        return new Token();
    }

    public static ValueType<HostPort> hostPort() {
        return new HostPortType();
    }

    /** A list: a YAML list, or items separated by commas (environment variables, flags, or a YAML string). */
    public static <E> ValueType<List<E>> listOf(ValueType<E> item) {
        return new ListOf<>(item);
    }

    /** A file path, or empty for none. Relative paths are resolved where the value came from (see the loader). */
    public static ValueType<Optional<Path>> optionalPath() {
        return new OptionalPath();
    }

    /** A secret string of at least {@code minLength} characters, or empty for none; never printed. */
    public static ValueType<Optional<String>> optionalSecret(int minLength) {
        return new Secret(minLength);
    }

    private static final class Host extends ValueType<String> {
        @Override
        String parse(String text) {
            String t = text.strip();
            if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
            if (!HostPort.isHost(t)) throw new InvalidValue("is not a host name or IP address");
            return t;
        }

        @Override
        String format(String value) {
            return value;
        }

        @Override
        public String allowed() {
            return "a host name or IP address, such as 127.0.0.1, 0.0.0.0 (all interfaces), ::1 or node.example.org";
        }
    }

    private static final class Int extends ValueType<Integer> {
        private final int min;
        private final int max;

        Int(int min, int max) {
            this.min = min;
            this.max = max;
        }

        @Override
        Integer parse(String text) {
            int v;
            try {
                v = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new InvalidValue("is not an integer");
            }
            if (v < min || v > max) throw new InvalidValue("is out of range");
            return v;
        }

        @Override
        String format(Integer value) {
            return value.toString();
        }

        @Override
        String yaml(Integer value) {
            return format(value);
        }

        @Override
        Object json(Integer value) {
            return value;
        }

        @Override
        public String allowed() {
            return "an integer from " + min + " to " + max;
        }
    }

    private static final class Bool extends ValueType<Boolean> {
        @Override
        Boolean parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidValue("is not true or false");
            };
        }

        @Override
        String format(Boolean value) {
            return value.toString();
        }

        @Override
        String yaml(Boolean value) {
            return format(value);
        }

        @Override
        Object json(Boolean value) {
            return value;
        }

        @Override
        public String allowed() {
            return "true or false";
        }
    }

    private static final class Size extends ValueType<Long> {
        private final long min;
        private final long max;
        private final boolean perSecond;

        Size(long min, long max, boolean perSecond) {
            this.min = min;
            this.max = max;
            this.perSecond = perSecond;
        }

        @Override
        Long parse(String text) {
            String t = text.strip();
            if (perSecond && t.endsWith("/s")) t = t.substring(0, t.length() - 2);
            long v;
            try {
                v = Sizes.parse(t);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue(perSecond ? "is not a rate" : "is not a size");
            }
            if (v < min || v > max) throw new InvalidValue("is out of range");
            return v;
        }

        @Override
        String format(Long value) {
            String s = Sizes.formatExact(value);
            return perSecond && value != 0 ? s + "/s" : s;
        }

        @Override
        String yaml(Long value) {
            return format(value);
        }

        @Override
        Object json(Long value) {
            return value;
        }

        @Override
        public String allowed() {
            String what = perSecond
                    ? "bytes per second, as a number or a size such as 512KiB or 10MB, optionally followed by /s"
                    : "bytes, as a number or a size such as 512MiB or 10GB";
            if (min > 0 && max < Long.MAX_VALUE) return what + ", from " + Sizes.formatExact(min) + " to " + Sizes.formatExact(max);
            if (min > 0) return what + ", at least " + Sizes.formatExact(min);
            if (max < Long.MAX_VALUE) return what + ", at most " + Sizes.formatExact(max);
            return what;
        }
    }

    private static final class Time extends ValueType<Duration> {
        private final Duration min;
        private final Duration max;

        Time(Duration min, Duration max) {
            this.min = min;
            this.max = max;
        }

        @Override
        Duration parse(String text) {
            Duration v;
            try {
                v = Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue(text.strip().matches("\\d+") ? "is not a duration (a unit is needed, e.g. " + text.strip() + "s)"
                        : "is not a duration");
            }
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) throw new InvalidValue("is out of range");
            return v;
        }

        @Override
        String format(Duration value) {
            return Durations.format(value);
        }

        @Override
        String yaml(Duration value) {
            return format(value);
        }

        @Override
        public String allowed() {
            return "a duration such as 250ms, 5s, 5m, 1h or 1h30m, from " + Durations.format(min) + " to " + Durations.format(max);
        }
    }

    private static final class OneOf<E extends Enum<E>> extends ValueType<E> {
        private final Class<E> type;

        OneOf(Class<E> type) {
            this.type = type;
        }

        @Override
        E parse(String text) {
            String t = text.strip();
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(t)) return e;
            }
            throw new InvalidValue("is not one of the allowed values");
        }

        @Override
        String format(E value) {
            return value.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String allowed() {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(this::format).collect(Collectors.joining(", "));
        }
    }

    private static final class Token extends ValueType<String> {
        private static final Pattern TOKEN = Pattern.compile("[^\\s,]+");

        @Override
        String parse(String text) {
            String t = text.strip();
            if (!TOKEN.matcher(t).matches()) throw new InvalidValue(t.isEmpty() ? "is empty" : "has spaces or commas");
            return t;
        }

        @Override
        String format(String value) {
            return value;
        }

        @Override
        public String allowed() {
            return "a word without spaces or commas";
        }
    }

    private static final class HostPortType extends ValueType<HostPort> {
        @Override
        HostPort parse(String text) {
            try {
                return HostPort.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue(e.getMessage().startsWith("port out of range") ? "has a port out of range" : "is not host:port");
            }
        }

        @Override
        String format(HostPort value) {
            return value.toString();
        }

        @Override
        public String allowed() {
            return "host:port with a port from 1 to 65535, such as 10.0.0.2:8080, node.example.org:8080 or [2001:db8::1]:8080";
        }
    }

    private static final class ListOf<E> extends ValueType<List<E>> {
        private final ValueType<E> item;

        ListOf(ValueType<E> item) {
            this.item = item;
        }

        @Override
        List<E> parse(String text) {
            if (text.isBlank()) return List.of();
            return parseList(Arrays.asList(text.split(",", -1)));
        }

        @Override
        List<E> parseList(List<String> items) {
            List<E> out = new ArrayList<>();
            for (String s : items) {
                if (s.isBlank()) throw new InvalidValue("has an empty item");
                try {
                    out.add(item.parse(s));
                } catch (InvalidValue e) {
                    throw new InvalidValue("has an item '" + s.strip() + "' that " + e.problem());
                }
            }
            return List.copyOf(out);
        }

        @Override
        String format(List<E> value) {
            return value.stream().map(item::format).collect(Collectors.joining(","));
        }

        @Override
        String yaml(List<E> value) {
            return value.stream().map(item::yaml).collect(Collectors.joining(", ", "[", "]"));
        }

        @Override
        Object json(List<E> value) {
            return value.stream().map(item::json).toList();
        }

        @Override
        public String allowed() {
            return "a list (YAML list, or comma-separated) of " + item.allowed();
        }
    }

    private static final class OptionalPath extends ValueType<Optional<Path>> {
        @Override
        Optional<Path> parse(String text) {
            String t = text.strip();
            if (t.isEmpty()) return Optional.empty();
            try {
                return Optional.of(Path.of(t));
            } catch (InvalidPathException e) {
                throw new InvalidValue("is not a valid path");
            }
        }

        @Override
        String format(Optional<Path> value) {
            return value.map(Path::toString).orElse("");
        }

        @Override
        Object json(Optional<Path> value) {
            return value.map(Path::toString).orElse(null);
        }

        @Override
        Optional<Path> resolve(Optional<Path> value, Path base) {
            return value.map(p -> base.resolve(p).normalize());
        }

        @Override
        public String allowed() {
            return "a file path, or empty for none";
        }
    }

    private static final class Secret extends ValueType<Optional<String>> {
        private final int minLength;

        Secret(int minLength) {
            this.minLength = minLength;
        }

        @Override
        Optional<String> parse(String text) {
            String t = text.strip();
            if (t.isEmpty()) return Optional.empty();
            if (t.length() < minLength) throw new InvalidValue("is too short");
            return Optional.of(t);
        }

        @Override
        String format(Optional<String> value) {
            return value.orElse("");
        }

        @Override
        Object json(Optional<String> value) {
            return value.orElse(null);
        }

        @Override
        boolean secret() {
            return true;
        }

        @Override
        public String allowed() {
            return "empty for none, or a secret of at least " + minLength + " characters (e.g. from: openssl rand -hex 32)";
        }
    }

    // ---- YAML quoting ----

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./@:+-]*");
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?(\\.?[0-9][0-9_]*)(\\.[0-9_]*)?([eE][-+]?[0-9]+)?|0[xob][0-9a-fA-F_]+|[-+]?\\.(inf|Inf|INF|nan|NaN|NAN)");
    private static final Pattern RESERVED = Pattern.compile("(?i)y|n|yes|no|on|off|true|false|null|~");

    /** A string as a YAML scalar: plain when YAML reads it back as the same string, double-quoted otherwise. */
    static String yamlScalar(String s) {
        if (PLAIN.matcher(s).matches() && !NUMBER_LIKE.matcher(s).matches() && !RESERVED.matcher(s).matches() && !s.endsWith(":")) return s;
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}
