package dev.cairn.catalog;

import java.util.List;
import java.util.Map;

/**
 * Metadata given by a user (CLI flags, API parameters, a PATCH body) or read from tags.
 * Null means "not given"; {@link #over} layers one source over another.
 */
public record Metadata(String title, String artist, String album, String genre, Integer year, Integer trackNumber,
        Double duration, String mime, List<String> tags, Map<String, Object> custom) {

    public static final Metadata NONE = new Metadata(null, null, null, null, null, null, null, null, null, null);

    /** This metadata where given, {@code fallback} elsewhere (custom maps are merged, this one winning). */
    public Metadata over(Metadata fallback) {
        Map<String, Object> c = fallback.custom;
        if (custom != null) {
            var m = new java.util.TreeMap<String, Object>(c == null ? Map.of() : c);
            m.putAll(custom);
            c = m;
        }
        return new Metadata(or(title, fallback.title), or(artist, fallback.artist), or(album, fallback.album),
                or(genre, fallback.genre), or(year, fallback.year), or(trackNumber, fallback.trackNumber),
                or(duration, fallback.duration), or(mime, fallback.mime), or(tags, fallback.tags), c);
    }

    private static <T> T or(T a, T b) {
        return a != null ? a : b;
    }
}
