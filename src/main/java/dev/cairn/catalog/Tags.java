package dev.cairn.catalog;

import dev.cairn.catalog.tags.AudioTags;
import dev.cairn.catalog.tags.TagReader;
import java.util.Map;
import java.util.TreeMap;

/** The catalog's {@link TagSource}: audio tags and duration read by {@link TagReader}, as metadata. */
public final class Tags {
    public static final TagSource SOURCE = file -> toMetadata(TagReader.read(file));

    private Tags() {}

    static Metadata toMetadata(AudioTags t) {
        if (t == null || t == AudioTags.NONE) return Metadata.NONE;
        Map<String, Object> custom = new TreeMap<>();
        if (t.composer() != null) custom.put("composer", t.composer());
        if (t.albumArtist() != null) custom.put("album_artist", t.albumArtist());
        if (t.releaseDate() != null) custom.put("release_date", t.releaseDate());
        if (t.isrc() != null) custom.put("isrc", t.isrc());
        return new Metadata(t.title(), t.artist(), t.album(), t.genre(), t.year(), t.trackNumber(), t.durationSeconds(),
                t.mimeType(), null, custom.isEmpty() ? null : custom);
    }
}
