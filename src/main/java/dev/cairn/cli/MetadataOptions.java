package dev.cairn.cli;

import dev.cairn.catalog.Metadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;

/** Metadata flags of {@code cairn add}; they override what the file's tags say. */
final class MetadataOptions {
    @CommandLine.Option(names = "--title", description = "Title (overrides the file's tags).")
    String title;

    @CommandLine.Option(names = "--artist", description = "Artist.")
    String artist;

    @CommandLine.Option(names = "--album", description = "Album.")
    String album;

    @CommandLine.Option(names = "--genre", description = "Genre.")
    String genre;

    @CommandLine.Option(names = "--year", description = "Year.")
    Integer year;

    @CommandLine.Option(names = "--track", description = "Track number.")
    Integer track;

    @CommandLine.Option(names = "--tag", paramLabel = "TAG", description = "A tag (repeatable).")
    List<String> tags;

    @CommandLine.Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Custom metadata, e.g. composer=Bach (repeatable).")
    Map<String, String> custom;

    Metadata toMetadata() {
        Map<String, Object> c = custom == null ? null : new TreeMap<>(custom);
        return new Metadata(title, artist, album, genre, year, track, null, null, tags, c);
    }

    /** The same, as /api/v1/items query parameters. */
    Map<String, String> toParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("title", title);
        p.put("artist", artist);
        p.put("album", album);
        p.put("genre", genre);
        p.put("year", year == null ? null : year.toString());
        p.put("track_number", track == null ? null : track.toString());
        p.put("tags", tags == null ? null : String.join(",", tags));
        if (custom != null) custom.forEach((k, v) -> p.put("meta." + k, v));
        return p;
    }
}
