package dev.cairn.catalog.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaudiotagger.audio.AudioFile;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.tag.FieldKey;
import org.jaudiotagger.tag.Tag;
import org.jaudiotagger.tag.reference.GenreTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jaudiotagger 3.0.1 (a test dependency only: it trusts length fields, see docs/ARCHITECTURE.md) as a second opinion
 * on the fixtures: both readers must agree. It has no Opus support.
 */
class JaudiotaggerComparisonTest {
    /** Held so the level sticks: java.util.logging keeps loggers only weakly. */
    private static final Logger JAUDIOTAGGER = Logger.getLogger("org.jaudiotagger");

    @TempDir
    Path dir;

    @BeforeAll
    static void silenceJaudiotagger() {
        // it logs every FLAC block and MP3 frame search at INFO and oddities at WARNING to the console
        JAUDIOTAGGER.setLevel(Level.OFF);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "id3v24.mp3, mp3",
        "id3v23-vbr.mp3, mp3",
        "id3v1-cbr.mp3, mp3",
        "tags.flac, flac",
        "vorbis.ogg, ogg",
        "aac.m4a, m4a",
    })
    void both_readers_agree_on_the_fixtures(String fixture, String extension) throws Exception {
        Path file = TestAudio.fixture(dir, fixture);
        AudioTags ours = TagReader.read(file);
        // the copy has no extension, which jaudiotagger would need to pick a reader: readAs names the format
        AudioFile theirs = AudioFileIO.readAs(file.toFile(), extension);
        Tag tag = theirs.getTag();

        assertThat(ours.title()).isEqualTo(tag.getFirst(FieldKey.TITLE));
        assertThat(ours.artist()).isEqualTo(tag.getFirst(FieldKey.ARTIST));
        assertThat(ours.album()).isEqualTo(tag.getFirst(FieldKey.ALBUM));
        assertThat(ours.genre()).isEqualTo(tag.getFirst(FieldKey.GENRE));
        assertThat(ours.releaseDate()).isEqualTo(tag.getFirst(FieldKey.YEAR));
        assertThat(ours.trackNumber()).hasToString(tag.getFirst(FieldKey.TRACK));
        assertThat(nullIfEmpty(tag.getFirst(FieldKey.COMPOSER))).isEqualTo(ours.composer());
        assertThat(nullIfEmpty(tag.getFirst(FieldKey.ALBUM_ARTIST))).isEqualTo(ours.albumArtist());
        // jaudiotagger counts the encoder's delay and padding in MP3 files (48 ms here); we take them off when LAME says
        assertThat(ours.durationSeconds()).isCloseTo(theirs.getAudioHeader().getPreciseTrackLength(), within(0.06));
    }

    @Test
    void genre_table_matches_jaudiotaggers() {
        GenreTypes theirs = GenreTypes.getInstanceOf();
        assertThat(Genres.count()).isEqualTo(GenreTypes.getMaxGenreId() + 1);
        for (int id = 0; id < Genres.count(); id++) {
            // 133: Winamp renamed the original slur; we use the new name
            String expected = id == 133 ? "Afro-Punk" : theirs.getValueForId(id);
            assertThat(Genres.byNumber(id)).as("genre %d", id).isEqualTo(expected);
        }
    }

    private static String nullIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
