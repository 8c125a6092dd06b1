package dev.cairn.catalog.tags;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A Vorbis comment block (FLAC, Ogg Vorbis, Opus): a vendor string, then "KEY=value" strings, all length-prefixed. */
final class VorbisComments {
    /** A longer comment is a picture or lyrics, not a field we keep: it is skipped. */
    private static final int MAX_COMMENT = 64 * 1024;
    /** Real files have dozens of comments; past this, a crafted count would only cost time. */
    private static final int MAX_COMMENTS = 8192;

    private VorbisComments() {}

    /** Reads comments until the block or the stream ends; a truncated block keeps what came before the damage. */
    static void read(InputStream in, TagsBuilder tags) throws IOException {
        String year = null;
        try {
            in.skipNBytes(Bytes.u32le(in)); // vendor
            long count = Math.min(Bytes.u32le(in), MAX_COMMENTS);
            for (long i = 0; i < count; i++) {
                long length = Bytes.u32le(in);
                if (length > MAX_COMMENT) {
                    in.skipNBytes(length);
                    continue;
                }
                String comment = new String(Bytes.readFully(in, (int) length), StandardCharsets.UTF_8);
                int eq = comment.indexOf('=');
                if (eq <= 0) continue;
                String value = comment.substring(eq + 1);
                switch (comment.substring(0, eq).toUpperCase(Locale.ROOT)) {
                    case "TITLE" -> tags.title(value);
                    case "ARTIST" -> tags.artist(value);
                    case "ALBUM" -> tags.album(value);
                    case "GENRE" -> tags.genre(value);
                    case "DATE" -> tags.releaseDate(value);
                    case "YEAR" -> year = year == null ? value : year;
                    case "TRACKNUMBER" -> tags.trackNumber(value);
                    case "COMPOSER" -> tags.composer(value);
                    case "ALBUMARTIST", "ALBUM ARTIST", "ALBUM_ARTIST" -> tags.albumArtist(value);
                    case "ISRC" -> tags.isrc(value);
                    default -> { }
                }
            }
        } catch (EOFException e) {
            // the block ends early
        }
        tags.releaseDate(year);
    }
}
