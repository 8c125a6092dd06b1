package dev.cairn.catalog.tags;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The 128-byte ID3v1 (and v1.1, with a track number) tag at the end of an MP3 file. */
final class Id3v1Reader {
    static final int LENGTH = 128;

    private Id3v1Reader() {}

    /** Reads the tag if the file ends with one; returns whether it does. */
    static boolean read(FileInput in, TagsBuilder tags) throws IOException {
        if (in.size() < LENGTH) return false;
        byte[] tag = in.read(in.size() - LENGTH, LENGTH);
        if (!Bytes.startsWith(tag, 0, "TAG")) return false;
        tags.title(text(tag, 3, 30));
        tags.artist(text(tag, 33, 30));
        tags.album(text(tag, 63, 30));
        tags.releaseDate(text(tag, 93, 4));
        // v1.1: a zero byte ends the comment early and the next one is the track
        if (tag[125] == 0 && tag[126] != 0) tags.trackNumber(tag[126] & 0xFF);
        tags.genre(Genres.byNumber(tag[127] & 0xFF));
        return true;
    }

    private static String text(byte[] tag, int offset, int length) {
        int end = offset;
        while (end < offset + length && tag[end] != 0) end++;
        return new String(tag, offset, end - offset, StandardCharsets.ISO_8859_1);
    }
}
