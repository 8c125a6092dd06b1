package dev.cairn.catalog.tags;

import static dev.cairn.catalog.tags.TestAudio.ascii;
import static dev.cairn.catalog.tags.TestAudio.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SniffMimeTest {
    private static String sniff(byte[] head) {
        return TagReader.sniffMime(head);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "id3v24.mp3, audio/mpeg",
        "id3v1-cbr.mp3, audio/mpeg",
        "tags.flac, audio/flac",
        "vorbis.ogg, audio/ogg",
        "opus.opus, audio/ogg",
        "flac.oga, audio/ogg",
        "aac.m4a, audio/mp4",
    })
    void the_first_512_bytes_of_each_fixture_give_its_audio_type(String fixture, String mime) throws IOException {
        assertThat(sniff(Arrays.copyOf(TestAudio.fixtureBytes(fixture), 512))).isEqualTo(mime);
    }

    @Test
    void mpeg_frames_without_a_tag() {
        assertThat(sniff(TestAudio.mpegFrames(2))).isEqualTo("audio/mpeg");
        assertThat(sniff(Arrays.copyOf(TestAudio.mpegFrames(1), 100))).as("second frame beyond the head").isEqualTo("audio/mpeg");
        byte[] noSecondFrame = TestAudio.mpegFrames(2);
        noSecondFrame[417] = 0x41;
        assertThat(sniff(noSecondFrame)).isEqualTo("application/octet-stream");
    }

    @Test
    void images_pdf_and_video() {
        assertThat(sniff(concat(ascii("\u0089PNG\r\n\u001a\n"), new byte[20]))).isEqualTo("image/png");
        assertThat(sniff(concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB}, new byte[20]))).isEqualTo("image/jpeg");
        assertThat(sniff(ascii("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n"))).isEqualTo("application/pdf");
        assertThat(sniff(TestAudio.ftyp("isom"))).isEqualTo("video/mp4");
        assertThat(sniff(TestAudio.ftyp("M4B "))).isEqualTo("audio/mp4");
    }

    @Test
    void utf8_text_is_text_plain() {
        assertThat(sniff(ascii("plain ASCII\r\n\twith tabs\n"))).isEqualTo("text/plain");
        assertThat(sniff(TestAudio.utf8("\uFEFFÆrø — 空 and 🎵\n"))).isEqualTo("text/plain");
        byte[] cutMidCharacter = Arrays.copyOf(TestAudio.utf8("ends in 空"), TestAudio.utf8("ends in 空").length - 1);
        assertThat(sniff(cutMidCharacter)).as("a character cut by the end of the head").isEqualTo("text/plain");
        assertThat(sniff(ascii("ID3 is a tag format\n"))).as("not an ID3 header").isEqualTo("text/plain");
    }

    @Test
    void anything_else_is_octet_stream() {
        assertThat(sniff(new byte[0])).isEqualTo("application/octet-stream");
        assertThat(sniff(ascii("text with a NUL\0 in it"))).isEqualTo("application/octet-stream");
        assertThat(sniff(ascii("Latin-1 caf\u00e9, not UTF-8"))).isEqualTo("application/octet-stream");
        assertThat(sniff(TestAudio.utf8("bell \u0007"))).isEqualTo("application/octet-stream");
        assertThat(sniff(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1})).isEqualTo("application/octet-stream");
    }
}
