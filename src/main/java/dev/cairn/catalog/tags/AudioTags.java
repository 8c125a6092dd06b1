package dev.cairn.catalog.tags;

/**
 * What {@link TagReader} found in an audio file; every field is null when the file does not say.
 *
 * @param year the year of {@code releaseDate} (or of a year-only tag)
 * @param durationSeconds the playing time, from the stream headers (not from a tag)
 * @param releaseDate the date as tagged, usually ISO 8601 ({@code 2019}, {@code 2019-05-17}, or with a time for MP4)
 * @param mimeType audio/mpeg, audio/flac, audio/ogg or audio/mp4, from the file's content; null when it is not audio
 */
public record AudioTags(
        String title,
        String artist,
        String album,
        String genre,
        Integer year,
        Integer trackNumber,
        Double durationSeconds,
        String composer,
        String albumArtist,
        String releaseDate,
        String isrc,
        String mimeType) {

    /** Not audio, or nothing could be read. */
    public static final AudioTags NONE = new AudioTags(null, null, null, null, null, null, null, null, null, null, null, null);
}
