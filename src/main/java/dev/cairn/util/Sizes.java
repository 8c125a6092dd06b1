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

    /**
     * The exact size in the shortest unit that {@link #parse} reads back as the same number of bytes:
     * "0", "1000", "512MiB", "10GB". Binary units win a tie.
     */
    public static String formatExact(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative size: " + bytes);
        String best = Long.toString(bytes);
        long bestNumber = bytes;
        if (bytes == 0) return best;
        String[] binary = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        String[] decimal = {"KB", "MB", "GB", "TB", "PB"};
        long b = 1;
        long d = 1;
        for (int i = 0; i < binary.length; i++) {
            b *= 1024;
            d *= 1000;
            if (bytes % d == 0 && bytes / d < bestNumber) {
                bestNumber = bytes / d;
                best = bestNumber + decimal[i];
            }
            if (bytes % b == 0 && bytes / b <= bestNumber) {
                bestNumber = bytes / b;
                best = bestNumber + binary[i];
            }
        }
        return best;
    }

    /**
     * Parses a size; k/M/G/T/P are powers of 1000, KiB/MiB/... powers of 1024, a bare number is bytes.
     * Whole numbers are exact; fractions ("1.5GiB") are rounded down to a byte.
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) throw new IllegalArgumentException("not a size: '" + text + "' (examples: 1048576, 512MiB, 10GB)");
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        if (unit.isEmpty() && !m.group(3).isEmpty()) throw new IllegalArgumentException("not a size: '" + text + "'");
        int power = unit.isEmpty() ? 0 : "kmgtp".indexOf(unit) + 1; // indexOf("") is 0, which once made a bare number kilobytes
        long base = m.group(3).isEmpty() ? 1000 : 1024;
        long multiplier = 1;
        for (int i = 0; i < power; i++) multiplier *= base;
        try {
            if (!m.group(1).contains(".")) return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
        double bytes = Double.parseDouble(m.group(1)) * multiplier;
        if (bytes >= 0x1p63) throw new IllegalArgumentException("size too large: '" + text + "'");
        return (long) bytes;
    }
}
