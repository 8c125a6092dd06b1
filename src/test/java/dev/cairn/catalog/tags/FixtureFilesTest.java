package dev.cairn.catalog.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files made by real encoders and taggers (src/test/resources/audio/generate.sh), each 1.5 s long. They are copied
 * to names without an extension: the format must come from the content.
 */
class FixtureFilesTest {
    private static final String TITLE = "Sous le ciel — 空";
    private static final String ARTIST = "Ærø Quartet";
    private static final String ALBUM = "Cairn Test Tones";

    @TempDir
    Path dir;

    private AudioTags read(String fixture) throws IOException {
        return TagReader.read(TestAudio.fixture(dir, fixture));
    }

    private static void assertFullTags(AudioTags tags, String mimeType, String releaseDate) {
        assertThat(tags.mimeType()).isEqualTo(mimeType);
        assertThat(tags.title()).isEqualTo(TITLE);
        assertThat(tags.artist()).isEqualTo(ARTIST);
        assertThat(tags.album()).isEqualTo(ALBUM);
        assertThat(tags.genre()).isEqualTo("Jazz");
        assertThat(tags.year()).isEqualTo(2019);
        assertThat(tags.releaseDate()).isEqualTo(releaseDate);
        assertThat(tags.trackNumber()).isEqualTo(7);
        assertThat(tags.composer()).isEqualTo("J. Doe");
        assertThat(tags.albumArtist()).isEqualTo("Various Artists");
        assertThat(tags.durationSeconds()).isCloseTo(1.5, within(0.1));
    }

    @Test
    void mp3_with_an_id3v24_tag_written_by_ffmpeg() throws IOException {
        AudioTags tags = read("id3v24.mp3");
        assertFullTags(tags, "audio/mpeg", "2019-05-17");
        assertThat(tags.isrc()).isEqualTo("USRC17607839");
        // the LAME Info frame gives the frame count, encoder delay and padding: exact
        assertThat(tags.durationSeconds()).isCloseTo(1.5, within(0.001));
    }

    @Test
    void vbr_mp3_with_utf16_id3v23_and_id3v1_tags_written_by_lame() throws IOException {
        AudioTags tags = read("id3v23-vbr.mp3");
        assertFullTags(tags, "audio/mpeg", "2019");
        assertThat(tags.isrc()).isEqualTo("USRC17607839");
        assertThat(tags.durationSeconds()).isCloseTo(1.5, within(0.001));
    }

    @Test
    void cbr_mp3_without_xing_frame_with_only_an_id3v1_tag() throws IOException {
        AudioTags tags = read("id3v1-cbr.mp3");
        assertThat(tags).isEqualTo(new AudioTags("Sous le ciel", "Aero Quartet", ALBUM, "Jazz", 2019, 7, tags.durationSeconds(), null, null,
                "2019", null, "audio/mpeg"));
        // size over bitrate, which counts the encoder's padding
        assertThat(tags.durationSeconds()).isCloseTo(1.5, within(0.1));
    }

    @Test
    void flac_with_vorbis_comments_written_by_the_flac_tool() throws IOException {
        AudioTags tags = read("tags.flac");
        assertFullTags(tags, "audio/flac", "2019-05-17");
        assertThat(tags.isrc()).isEqualTo("USRC17607839");
        assertThat(tags.durationSeconds()).isEqualTo(1.5);
    }

    @Test
    void ogg_vorbis_written_by_oggenc() throws IOException {
        AudioTags tags = read("vorbis.ogg");
        assertFullTags(tags, "audio/ogg", "2019-05-17");
        assertThat(tags.isrc()).isEqualTo("USRC17607839");
        assertThat(tags.durationSeconds()).isEqualTo(1.5);
    }

    @Test
    void ogg_opus_written_by_ffmpeg() throws IOException {
        AudioTags tags = read("opus.opus");
        assertFullTags(tags, "audio/ogg", "2019-05-17");
        assertThat(tags.isrc()).isEqualTo("USRC17607839");
        // the pre-skip is subtracted from the last granule position
        assertThat(tags.durationSeconds()).isCloseTo(1.5, within(0.001));
    }

    @Test
    void flac_in_ogg_written_by_ffmpeg() throws IOException {
        AudioTags tags = read("flac.oga");
        assertFullTags(tags, "audio/ogg", "2019-05-17");
        assertThat(tags.isrc()).isEqualTo("USRC17607839");
        assertThat(tags.durationSeconds()).isEqualTo(1.5);
    }

    @Test
    void m4a_with_itunes_items_written_by_ffmpeg() throws IOException {
        AudioTags tags = read("aac.m4a");
        assertFullTags(tags, "audio/mp4", "2019-05-17");
        assertThat(tags.isrc()).isNull();
        assertThat(tags.durationSeconds()).isEqualTo(1.5);
    }

    @Test
    void the_file_name_does_not_matter() throws IOException {
        Path misnamed = TestAudio.write(dir, "cover.jpg", TestAudio.fixtureBytes("tags.flac"));
        assertThat(TagReader.read(misnamed).mimeType()).isEqualTo("audio/flac");
        assertThat(TagReader.read(misnamed).title()).isEqualTo(TITLE);
    }
}
