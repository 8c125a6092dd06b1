package dev.cairn.catalog;

import dev.cairn.content.Cid;
import java.util.List;
import java.util.Map;

/**
 * A catalog entry: content (root CID, whole-file SHA-256, size) and what people search it by.
 * {@code custom} holds free metadata such as seed 002's ExtendedTrack fields (release_date,
 * composer, isrc, ...). Optional fields are null when unknown.
 */
public record Item(Cid cid, String sha256, long size, String name, String mime, String title, String artist, String album,
        String genre, Integer year, Integer trackNumber, Double duration, List<String> tags, Map<String, Object> custom,
        long createdAt, long updatedAt) {

    public Item {
        tags = tags == null ? List.of() : List.copyOf(tags);
        custom = custom == null ? Map.of() : Map.copyOf(custom);
    }

    /** This item with {@code patch} applied; fields the patch leaves null stay as they are. */
    public Item with(Metadata patch, long now) {
        return new Item(cid, sha256, size, name, patch.mime() != null ? patch.mime() : mime,
                patch.title() != null ? patch.title() : title, patch.artist() != null ? patch.artist() : artist,
                patch.album() != null ? patch.album() : album, patch.genre() != null ? patch.genre() : genre,
                patch.year() != null ? patch.year() : year, patch.trackNumber() != null ? patch.trackNumber() : trackNumber,
                patch.duration() != null ? patch.duration() : duration, patch.tags() != null ? patch.tags() : tags,
                patch.custom() != null ? merge(custom, patch.custom()) : custom, createdAt, now);
    }

    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> more) {
        var m = new java.util.TreeMap<String, Object>(base);
        more.forEach((k, v) -> {
            if (v == null) m.remove(k);
            else m.put(k, v);
        });
        return m;
    }
}
