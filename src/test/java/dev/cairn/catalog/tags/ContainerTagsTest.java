package dev.cairn.catalog.tags;

import static dev.cairn.catalog.tags.TestAudio.ascii;
import static dev.cairn.catalog.tags.TestAudio.be32;
import static dev.cairn.catalog.tags.TestAudio.box;
import static dev.cairn.catalog.tags.TestAudio.concat;
import static dev.cairn.catalog.tags.TestAudio.flacBlock;
import static dev.cairn.catalog.tags.TestAudio.ftyp;
import static dev.cairn.catalog.tags.TestAudio.fullBox;
import static dev.cairn.catalog.tags.TestAudio.ilstInMeta;
import static dev.cairn.catalog.tags.TestAudio.item;
import static dev.cairn.catalog.tags.TestAudio.mvhd;
import static dev.cairn.catalog.tags.TestAudio.streamInfo;
import static dev.cairn.catalog.tags.TestAudio.trak;
import static dev.cairn.catalog.tags.TestAudio.utf8;
import static dev.cairn.catalog.tags.TestAudio.vorbisComment;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FLAC, Ogg and MP4 layouts the fixtures do not have: big pictures, freeform items, other brands, video. */
class ContainerTagsTest {
    @TempDir
    Path dir;

    // ---- FLAC ----

    @Test
    void flac_picture_block_before_the_comments_is_skipped() throws IOException {
        byte[] flac = concat(ascii("fLaC"),
                flacBlock(0, false, streamInfo(48000, 48000 * 3)),
                flacBlock(6, false, new byte[4 << 20]), // PICTURE
                flacBlock(4, true, vorbisComment("title=Lower case keys", "ALBUM ARTIST=Spaced", "YEAR=1970", "tracknumber=02")));
        Path file = TestAudio.write(dir, "picture", flac);
        TagReader.read(file);

        Allocations.Measured read = Allocations.read(file);
        assertThat(read.tags()).isEqualTo(new AudioTags("Lower case keys", null, null, null, 1970, 2, 3.0, null, "Spaced", "1970", null,
                "audio/flac"));
        assertThat(read.bytes()).isLessThan(1 << 20);
    }

    @Test
    void flac_without_total_samples_has_no_duration() throws IOException {
        byte[] flac = concat(ascii("fLaC"), flacBlock(0, true, streamInfo(44100, 0)));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "unknown-length", flac));
        assertThat(tags.mimeType()).isEqualTo("audio/flac");
        assertThat(tags.durationSeconds()).isNull();
    }

    // ---- Ogg ----

    @Test
    void ogg_comment_header_spanning_many_pages_with_embedded_cover_art() throws IOException {
        String picture = "METADATA_BLOCK_PICTURE=" + Base64.getEncoder().encodeToString(new byte[300_000]);
        byte[] ogg = TestAudio.oggStream(0x1234, 44100L * 4,
                TestAudio.vorbisIdentification(44100),
                TestAudio.vorbisCommentPacket("ARTIST=Before", picture, "TITLE=After the picture", "DATE=2001"),
                new byte[] {5, 'v', 'o', 'r', 'b', 'i', 's'},
                new byte[100]);
        Path file = TestAudio.write(dir, "ogg-cover", ogg);
        TagReader.read(file);

        Allocations.Measured read = Allocations.read(file);
        assertThat(read.tags()).isEqualTo(
                new AudioTags("After the picture", "Before", null, null, 2001, null, 4.0, null, null, "2001", null, "audio/ogg"));
        assertThat(read.bytes()).isLessThan(1 << 20);
    }

    @Test
    void ogg_pages_of_another_stream_are_passed_over() throws IOException {
        byte[] vorbis = TestAudio.oggStream(1, 8000L * 2,
                TestAudio.vorbisIdentification(8000), TestAudio.vorbisCommentPacket("TITLE=Mine"), new byte[10]);
        byte[] other = TestAudio.oggStream(2, 99, ascii("\u0001other"), TestAudio.vorbisCommentPacket("TITLE=Not mine"), new byte[10]);
        // first page of each stream, then the rest interleaved
        int firstPage = 27 + 1 + 30;
        int otherFirstPage = 27 + 1 + 6;
        byte[] file = concat(
                Arrays.copyOfRange(vorbis, 0, firstPage),
                Arrays.copyOfRange(other, 0, otherFirstPage),
                Arrays.copyOfRange(other, otherFirstPage, other.length),
                Arrays.copyOfRange(vorbis, firstPage, vorbis.length));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "multiplexed", file));
        assertThat(tags.title()).isEqualTo("Mine");
        assertThat(tags.durationSeconds()).isEqualTo(2.0);
    }

    @Test
    void ogg_theora_video_is_not_audio() throws IOException {
        byte[] ogg = TestAudio.oggStream(7, 0, concat(new byte[] {(byte) 0x80}, ascii("theora"), new byte[35]), new byte[10]);
        Path file = TestAudio.write(dir, "video", ogg);
        assertThat(TagReader.read(file)).isEqualTo(AudioTags.NONE);
        assertThat(TagReader.sniffMime(Files.readAllBytes(file))).isEqualTo("video/ogg");
    }

    // ---- MP4 ----

    private static final byte[] ITEMS = ilstInMeta(
            item("\u00A9nam", 1, utf8("Freeform")),
            item("gnre", 0, new byte[] {0, 18}), // 17 + 1: Rock
            item("trkn", 0, new byte[] {0, 0, 0, 3, 0, 9, 0, 0}),
            item("\u00A9day", 1, utf8("1994-03-01T08:00:00Z")),
            item("covr", 13, new byte[200_000]),
            box("----",
                    fullBox("mean", utf8("com.apple.iTunes")),
                    fullBox("name", utf8("ISRC")),
                    box("data", be32(1), be32(0), utf8("GBAYE9400001"))),
            item("aART", 2, "Ünïcode".getBytes(StandardCharsets.UTF_16BE)));

    @Test
    void mp4_freeform_isrc_numeric_genre_and_utf16_items() throws IOException {
        byte[] mp4 = concat(ftyp("M4A "), box("moov", mvhd(44100, 44100L * 200), trak("soun"), ITEMS), box("mdat", new byte[1000]));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "freeform", mp4));
        assertThat(tags).isEqualTo(new AudioTags("Freeform", null, null, "Rock", 1994, 3, 200.0, null, "Ünïcode", "1994-03-01T08:00:00Z",
                "GBAYE9400001", "audio/mp4"));
    }

    @Test
    void mp4_with_media_data_first_and_a_64_bit_box_size() throws IOException {
        byte[] largeMdat = concat(be32(1), ascii("mdat"), new byte[] {0, 0, 0, 0, 0, 0, 0x10, 0x10}, new byte[0x1000]);
        byte[] mp4 = concat(ftyp("M4A "), largeMdat, box("moov", mvhd(1000, 61_500), ITEMS));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "mdat-first", mp4));
        assertThat(tags.title()).isEqualTo("Freeform");
        assertThat(tags.durationSeconds()).isEqualTo(61.5);
    }

    @Test
    void mp4_of_another_brand_is_audio_when_its_only_track_is_sound() throws IOException {
        byte[] mp4 = concat(ftyp("mp42"), box("moov", mvhd(600, 1200), trak("soun"), ITEMS));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "mp42", mp4));
        assertThat(tags.mimeType()).isEqualTo("audio/mp4");
        assertThat(tags.title()).isEqualTo("Freeform");
        assertThat(tags.durationSeconds()).isEqualTo(2.0);
    }

    @Test
    void mp4_with_a_video_track_is_not_audio() throws IOException {
        byte[] mp4 = concat(ftyp("isom"), box("moov", mvhd(600, 1200), trak("vide"), trak("soun"), ITEMS));
        assertThat(TagReader.read(TestAudio.write(dir, "movie", mp4))).isEqualTo(AudioTags.NONE);
        assertThat(TagReader.sniffMime(mp4)).isEqualTo("video/mp4");
    }

    @Test
    void quicktime_meta_without_version_and_flags() throws IOException {
        byte[] udta = box("udta", box("meta", fullBox("hdlr", be32(0), ascii("mdir"), new byte[12]),
                box("ilst", item("\u00A9ART", 1, utf8("QuickTime")))));
        byte[] mp4 = concat(ftyp("M4A "), box("moov", mvhd(1, 5), udta));
        AudioTags tags = TagReader.read(TestAudio.write(dir, "quicktime", mp4));
        assertThat(tags.artist()).isEqualTo("QuickTime");
        assertThat(tags.durationSeconds()).isEqualTo(5.0);
    }
}
