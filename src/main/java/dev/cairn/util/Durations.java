package dev.cairn.util;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations for people: "250ms", "5s", "5m", "1h", "2d" and sums such as "1h30m"; "0" alone is zero. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");

    private Durations() {}

    /** Parses a duration; units are ms, s, m, h and d (lower case, whole numbers), a bare number is refused except 0. */
    public static Duration parse(String text) {
        String t = text.strip();
        if (t.equals("0")) return Duration.ZERO;
        if (!WHOLE.matcher(t).matches()) throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 250ms, 5s, 5m, 1h, 1h30m)");
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration too large: '" + text + "'");
        }
        return total;
    }

    /** The shortest text {@link #parse} reads back as the same duration, e.g. "1m30s", "250ms", "0"; sub-millisecond parts are dropped. */
    public static String format(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("negative duration: " + d);
        long ms = d.toMillis();
        if (ms == 0) return "0";
        StringBuilder out = new StringBuilder();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return out.toString();
    }
}
