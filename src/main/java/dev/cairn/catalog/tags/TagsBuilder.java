package dev.cairn.catalog.tags;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Collects fields while a reader parses; the first value found for a field wins, blank values are ignored. */
final class TagsBuilder {
    /** Longer than any sane recording: a bigger value comes from a corrupt header. */
    private static final double MAX_DURATION_SECONDS = 30 * 24 * 3600;

    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*0*(\\d{1,9})");
    private static final Pattern LEADING_YEAR = Pattern.compile("^\\s*(\\d{4})");

    private String title;
    private String artist;
    private String album;
    private String genre;
    private Integer trackNumber;
    private Double durationSeconds;
    private String composer;
    private String albumArtist;
    private String releaseDate;
    private String isrc;
    private String mimeType;

    void title(String value) {
        if (title == null) title = clean(value);
    }

    void artist(String value) {
        if (artist == null) artist = clean(value);
    }

    void album(String value) {
        if (album == null) album = clean(value);
    }

    void genre(String value) {
        if (genre == null) genre = clean(value);
    }

    void composer(String value) {
        if (composer == null) composer = clean(value);
    }

    void albumArtist(String value) {
        if (albumArtist == null) albumArtist = clean(value);
    }

    void isrc(String value) {
        if (isrc == null) isrc = clean(value);
    }

    /** A date as tagged ("2019", "2019-05-17", "2019-05-17T07:00:00Z"); the year is taken from it. */
    void releaseDate(String value) {
        if (releaseDate == null) releaseDate = clean(value);
    }

    /** "7", "07" or "7/12"; zero means unknown. */
    void trackNumber(String value) {
        if (trackNumber != null || value == null) return;
        Matcher m = LEADING_NUMBER.matcher(value);
        if (m.find()) trackNumber(Integer.parseInt(m.group(1)));
    }

    void trackNumber(int value) {
        if (trackNumber == null && value > 0) trackNumber = value;
    }

    void durationSeconds(double seconds) {
        if (durationSeconds == null && seconds > 0 && seconds <= MAX_DURATION_SECONDS) durationSeconds = seconds;
    }

    /** Set as soon as the format is known, so a file damaged further on still reports its type. */
    void mimeType(String value) {
        mimeType = value;
    }

    AudioTags build() {
        if (mimeType == null) return AudioTags.NONE;
        return new AudioTags(title, artist, album, genre, year(), trackNumber, durationSeconds, composer, albumArtist, releaseDate, isrc,
                mimeType);
    }

    private Integer year() {
        if (releaseDate == null) return null;
        Matcher m = LEADING_YEAR.matcher(releaseDate);
        if (!m.find()) return null;
        int year = Integer.parseInt(m.group(1));
        return year == 0 ? null : year;
    }

    /** Trims whitespace and the NULs that some taggers leave at the end; blank becomes null. */
    private static String clean(String value) {
        if (value == null) return null;
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == '\0' || Character.isWhitespace(value.charAt(end - 1)))) end--;
        int start = 0;
        while (start < end && (value.charAt(start) == '\uFEFF' || Character.isWhitespace(value.charAt(start)))) start++;
        return start == end ? null : value.substring(start, end);
    }
}
