package dev.cairn.manifest;

import dev.cairn.util.Text;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Manifest times: RFC 3339 in UTC to the second ({@code 2025-06-01T12:00:00Z}). One spelling per
 * instant, so the signed text and the time it means cannot drift apart.
 */
public final class Timestamps {
    private static final Pattern FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

    private Timestamps() {}

    /** The manifest form of {@code t}, to the second (anything finer is dropped). */
    public static String format(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Parses the manifest form; IllegalArgumentException for anything else, such as an offset, fractions or a leap second. */
    public static Instant parse(String text) {
        if (!FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + Text.shorten(text) + "' is not an RFC 3339 UTC time to the second, such as 2025-06-01T12:00:00Z");
        }
        Instant t;
        try {
            t = Instant.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid time: " + e.getMessage());
        }
        if (!format(t).equals(text)) throw new IllegalArgumentException("'" + text + "' is not a valid time");
        return t;
    }
}
