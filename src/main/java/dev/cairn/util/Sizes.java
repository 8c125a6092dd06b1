package dev.cairn.util;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes for people: "1.5 GiB" out, "10GiB" / "512MB" / "1048576" in. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?)b?", Pattern.CASE_INSENSITIVE);

    private Sizes() {}

    public static String format(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Parses a size; k/M/G/T/P are powers of 1000, KiB/MiB/... powers of 1024, a bare number is bytes. */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) throw new IllegalArgumentException("not a size: '" + text + "' (examples: 1048576, 512MiB, 10GB)");
        double number = Double.parseDouble(m.group(1));
        int power = "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        double base = m.group(3).isEmpty() ? 1000 : 1024;
        if (m.group(2).isEmpty() && !m.group(3).isEmpty()) throw new IllegalArgumentException("not a size: '" + text + "'");
        double bytes = number * Math.pow(base, power);
        if (bytes > Long.MAX_VALUE) throw new IllegalArgumentException("size too large: '" + text + "'");
        return (long) bytes;
    }
}
