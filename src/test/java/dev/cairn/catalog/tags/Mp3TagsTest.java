package dev.cairn.catalog.tags;

import static dev.cairn.catalog.tags.TestAudio.ascii;
import static dev.cairn.catalog.tags.TestAudio.be32;
import static dev.cairn.catalog.tags.TestAudio.concat;
import static dev.cairn.catalog.tags.TestAudio.frame;
import static dev.cairn.catalog.tags.TestAudio.id3v1;
import static dev.cairn.catalog.tags.TestAudio.id3v2;
import static dev.cairn.catalog.tags.TestAudio.mpegFrames;
import static dev.cairn.catalog.tags.TestAudio.textFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ID3v2.2/2.3/2.4 layouts that encoders rarely write today, ID3v1, and MPEG frame durations, on hand-built files. */
class Mp3TagsTest {
    /** 100 frames of 1152 samples at 44.1 kHz. */
    private static final double HUNDRED_FRAMES = 100 * 1152 / 44100.0;

    @TempDir
    Path dir;

    @Test
    void frames_without_tags_give_the_duration_from_size_and_bitrate() throws IOException {
        AudioTags tags = TagReader.read(TestAudio.write(dir, "bare", mpegFrames(100)));
        assertThat(tags.mimeType()).isEqualTo("audio/mpeg");
        assertThat(tags.durationSeconds()).isCloseTo(HUNDRED_FRAMES, within(0.01));
        assertThat(tags.title()).isNull();
    }

    @Test
    void id3v23_with_unsynchronisation_an_extended_header_a_genre_reference_and_a_day() throws IOException {
        byte[] frames = concat(
                textFrame(3, "TIT2", 0, "\u00ff\u00ffrom"), // 0xFF 0xFF: unsynchronisation inserts a zero between them
                textFrame(3, "TPE1", 1, "Ærø"),
                textFrame(3, "TCON", 0, "(8)"),
                textFrame(3, "TYER", 0, "1999"),
                textFrame(3, "TDAT", 0, "3112"),
                textFrame(3, "TRCK", 0, "03/10"));
        byte[] extended = concat(be32(6), new byte[6]);
        byte[] body = TestAudio.unsynchronise(concat(extended, frames));
        byte[] tag = concat(ascii("ID3"), new byte[] {3, 0, (byte) 0xC0}, TestAudio.synchsafe(body.length), body);
        assertThat(body.length).as("unsynchronisation changed the bytes").isGreaterThan(extended.length + frames.length);

        AudioTags tags = TagReader.read(TestAudio.write(dir, "unsync", tag, mpegFrames(100)));
        assertThat(tags.title()).isEqualTo("\u00ff\u00ffrom");
        assertThat(tags.artist()).isEqualTo("Ærø");
        assertThat(tags.genre()).isEqualTo("Jazz");
        assertThat(tags.releaseDate()).isEqualTo("1999-12-31");
        assertThat(tags.year()).isEqualTo(1999);
        assertThat(tags.trackNumber()).isEqualTo(3);
        assertThat(tags.durationSeconds()).isCloseTo(HUNDRED_FRAMES, within(0.01));
    }

    @Test
    void id3v24_with_itunes_plain_frame_sizes_frame_unsynchronisation_and_several_values() throws IOException {
        String longTitle = "L".repeat(200); // 200 = 0xC8: not a synchsafe byte, so the size is read as a plain integer
        byte[] plainSizeTitle = concat(ascii("TIT2"), be32(201), new byte[2], new byte[] {3}, ascii(longTitle));
        // 0xFF 0xE0 in Latin-1 looks like a frame sync: the frame is unsynchronised on its own (flag 0x02)
        byte[] artist = frame(4, "TPE1", 0x02, TestAudio.unsynchronise(concat(new byte[] {0}, ascii("A\u00ff\u00e0"))));
        byte[] tag = id3v2(4, 0,
                plainSizeTitle,
                artist,
                textFrame(4, "TCON", 2, "Rock\0Pop"),
                textFrame(4, "TDRL", 3, "2020-02"),
                textFrame(4, "TPE2", 3, "Band"));

        AudioTags tags = TagReader.read(TestAudio.write(dir, "itunes", tag, mpegFrames(10)));
        assertThat(tags.title()).isEqualTo(longTitle);
        assertThat(tags.artist()).isEqualTo("A\u00ff\u00e0");
        assertThat(tags.genre()).isEqualTo("Rock");
        assertThat(tags.releaseDate()).isEqualTo("2020-02");
        assertThat(tags.year()).isEqualTo(2020);
        assertThat(tags.albumArtist()).isEqualTo("Band");
    }

    @Test
    void id3v22_three_letter_frames() throws IOException {
        byte[] tag = id3v2(2, 0,
                textFrame(2, "TT2", 0, "Old"),
                textFrame(2, "TP1", 0, "iTunes 4"),
                textFrame(2, "TAL", 0, "Album"),
                textFrame(2, "TCO", 0, "(17)"),
                textFrame(2, "TYE", 0, "2003"),
                textFrame(2, "TRK", 0, "5/9"));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "v22", tag, mpegFrames(100)));
        assertThat(tags).isEqualTo(new AudioTags("Old", "iTunes 4", "Album", "Rock", 2003, 5, tags.durationSeconds(), null, null, "2003",
                null, "audio/mpeg"));
        assertThat(tags.durationSeconds()).isCloseTo(HUNDRED_FRAMES, within(0.01));
    }

    @Test
    void compressed_frames_are_inflated_and_encrypted_ones_skipped() throws IOException {
        byte[] text = concat(new byte[] {0}, ascii("Squeezed"));
        Deflater deflater = new Deflater();
        deflater.setInput(text);
        deflater.finish();
        byte[] compressed = new byte[100];
        int n = deflater.deflate(compressed);
        deflater.end();
        byte[] content = concat(be32(text.length), Arrays.copyOf(compressed, n));
        byte[] tag = id3v2(3, 0,
                frame(3, "TIT2", 0x80, content),
                frame(3, "TPE1", 0x40, concat(new byte[] {1}, ascii("\u0000secret"))),
                textFrame(3, "TPE1", 0, "Plain"));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "compressed", tag, mpegFrames(10)));
        assertThat(tags.title()).isEqualTo("Squeezed");
        assertThat(tags.artist()).isEqualTo("Plain");
    }

    @Test
    void a_large_picture_is_skipped_without_being_loaded() throws IOException {
        byte[] picture = new byte[8 << 20];
        byte[] tag = id3v2(4, 0,
                frame(4, "APIC", 0, concat(new byte[] {0}, ascii("image/jpeg\0"), new byte[] {3, 0}, picture)),
                textFrame(4, "TIT2", 3, "After the picture"));
        Path file = TestAudio.write(dir, "cover", tag, mpegFrames(100));
        TagReader.read(file); // load the classes first

        Allocations.Measured read = Allocations.read(file);
        assertThat(read.tags().title()).isEqualTo("After the picture");
        assertThat(read.tags().durationSeconds()).isCloseTo(HUNDRED_FRAMES, within(0.01));
        assertThat(read.bytes()).as("bytes allocated for an 8 MiB file").isLessThan(1 << 20);
    }

    @Test
    void id3v1_fills_what_id3v2_lacks_and_id3v2_wins_where_both_have_a_field() throws IOException {
        byte[] tag = id3v2(3, 0, textFrame(3, "TIT2", 1, "Long title from ID3v2"));
        byte[] v1 = id3v1("Short title", "Artist v1", "Album v1", "1987", 4, 13);
        AudioTags tags = TagReader.read(TestAudio.write(dir, "both", tag, mpegFrames(100), v1));
        assertThat(tags).isEqualTo(new AudioTags("Long title from ID3v2", "Artist v1", "Album v1", "Pop", 1987, 4, tags.durationSeconds(),
                null, null, "1987", null, "audio/mpeg"));
        // the 128 bytes of ID3v1 are not counted as audio
        assertThat(tags.durationSeconds()).isCloseTo(HUNDRED_FRAMES, within(0.01));
    }

    @Test
    void junk_between_the_tag_and_the_first_frame_is_passed_over() throws IOException {
        byte[] tag = id3v2(4, 0, textFrame(4, "TIT2", 3, "Padded"));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "junk", tag, new byte[5000], mpegFrames(100)));
        assertThat(tags.title()).isEqualTo("Padded");
        assertThat(tags.durationSeconds()).isCloseTo(HUNDRED_FRAMES, within(0.01));
    }

    @Test
    void xing_frame_count_beats_the_size_estimate() throws IOException {
        // side information of an MPEG-1 stereo frame is 32 bytes; "Xing", flags (frames only), the count
        byte[] xing = concat(new byte[32], ascii("Xing"), be32(1), be32(1000));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "xing", mpegFrames(10, xing)));
        assertThat(tags.durationSeconds()).isCloseTo(1000 * 1152 / 44100.0, within(0.001));
    }

    @Test
    void vbri_frame_count_beats_the_size_estimate() throws IOException {
        byte[] vbri = concat(new byte[32], ascii("VBRI"), new byte[] {0, 1, 0, 0, 0, 75}, be32(10 * 417), be32(2000));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "vbri", mpegFrames(10, vbri)));
        assertThat(tags.durationSeconds()).isCloseTo(2000 * 1152 / 44100.0, within(0.001));
    }

    @Test
    void id3v2_in_front_of_a_flac_stream_gives_flac() throws IOException {
        byte[] tag = id3v2(3, 0, textFrame(3, "TIT2", 0, "Mis-tagged"));
        byte[] flac = concat(ascii("fLaC"), TestAudio.flacBlock(0, true, TestAudio.streamInfo(44100, 441000)));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "id3flac", tag, flac));
        assertThat(tags.mimeType()).isEqualTo("audio/flac");
        assertThat(tags.title()).isEqualTo("Mis-tagged");
        assertThat(tags.durationSeconds()).isEqualTo(10.0);
    }

    @ParameterizedTest(name = "TCON \"{0}\" is {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "Jazz | Jazz",
        "8 | Jazz",
        "(8) | Jazz",
        "(8)Jazz Fusion | Jazz Fusion",
        "(RX) | Remix",
        "CR | Cover",
        "((Parenthesised) | (Parenthesised)",
        "191 | Psybient",
        "255 | null",
        "(300) | null",
        "1000 Hz | 1000 Hz",
    })
    void genre_references_are_resolved(String tcon, String genre) {
        assertThat(Genres.fromId3v2(tcon)).isEqualTo(genre);
    }
}
