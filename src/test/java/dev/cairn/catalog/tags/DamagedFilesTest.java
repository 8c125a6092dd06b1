package dev.cairn.catalog.tags;

import static dev.cairn.catalog.tags.TestAudio.ascii;
import static dev.cairn.catalog.tags.TestAudio.be32;
import static dev.cairn.catalog.tags.TestAudio.concat;
import static dev.cairn.catalog.tags.TestAudio.le32;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Non-audio, truncated, mutated and crafted files: a read never throws, and costs little memory and time whatever
 * the file says about its own lengths.
 */
class DamagedFilesTest {
    private static final long FIFTY_MB = 50L << 20;
    /** Per read: the reader's buffers (8 KiB streams, a 64 KiB scan window, an Ogg tail of 128 KiB) and small objects. */
    private static final long ALLOCATION_LIMIT = 2 << 20;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadClasses(@TempDir Path dir) throws IOException {
        for (String f : new String[] {"id3v24.mp3", "tags.flac", "vorbis.ogg", "aac.m4a"}) TagReader.read(TestAudio.fixture(dir, f));
    }

    private static AudioTags readCheaply(Path file) {
        Allocations.Measured read = Allocations.read(file);
        assertThat(read.bytes()).as("bytes allocated reading %s (%d bytes)", file.getFileName(), size(file)).isLessThan(ALLOCATION_LIMIT);
        return read.tags();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void common_non_audio_files_give_none() throws IOException {
        byte[] jpeg = concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16}, ascii("JFIF\0"), new byte[2000]);
        byte[] pdf = ascii("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        byte[] png = concat(ascii("\u0089PNG\r\n\u001a\n"), be32(13), ascii("IHDR"), new byte[17]);
        byte[] text = TestAudio.utf8("ID3 tags are described at id3.org.\nfLaC is FLAC's marker.\n");
        byte[] random = new byte[100_000];
        new Random(42).nextBytes(random);
        byte[][] files = {jpeg, pdf, png, text, random, new byte[0], new byte[1], new byte[3000]};
        for (int i = 0; i < files.length; i++) {
            assertThat(readCheaply(TestAudio.write(dir, "file" + i, files[i]))).as("file %d", i).isEqualTo(AudioTags.NONE);
        }
    }

    @Test
    void directories_and_missing_files_give_none() {
        assertThat(TagReader.read(dir)).isEqualTo(AudioTags.NONE);
        assertThat(TagReader.read(dir.resolve("missing.mp3"))).isEqualTo(AudioTags.NONE);
    }

    @Test
    void random_bytes_that_begin_like_an_mpeg_frame_are_not_audio() throws IOException {
        Random rnd = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] content = new byte[4000];
            rnd.nextBytes(content);
            System.arraycopy(TestAudio.mpegFrames(1), 0, content, 0, 4); // one valid header, no second frame after it
            assertThat(TagReader.read(TestAudio.write(dir, "fake" + i, content))).isEqualTo(AudioTags.NONE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"id3v24.mp3", "id3v23-vbr.mp3", "id3v1-cbr.mp3", "tags.flac", "vorbis.ogg", "opus.opus", "flac.oga", "aac.m4a"})
    void every_truncation_reads_without_throwing(String fixture) throws IOException {
        byte[] whole = TestAudio.fixtureBytes(fixture);
        String mime = TagReader.read(TestAudio.fixture(dir, fixture)).mimeType();
        for (int length = 0; length < whole.length; length += length < 300 ? 1 : 97) {
            AudioTags tags = readCheaply(TestAudio.write(dir, "cut" + length, Arrays.copyOf(whole, length)));
            assertThat(tags.mimeType()).as("cut at %d", length).isIn(mime, null);
        }
    }

    @Test
    void a_truncated_file_keeps_what_came_before_the_damage() throws IOException {
        byte[] mp3 = TestAudio.fixtureBytes("id3v24.mp3");
        AudioTags tags = TagReader.read(TestAudio.write(dir, "cut.mp3", Arrays.copyOf(mp3, 300))); // the tag is 228 bytes
        assertThat(tags.mimeType()).isEqualTo("audio/mpeg");
        assertThat(tags.title()).isEqualTo("Sous le ciel — 空");
        assertThat(tags.durationSeconds()).isNull();

        byte[] flac = TestAudio.fixtureBytes("tags.flac");
        tags = TagReader.read(TestAudio.write(dir, "cut.flac", Arrays.copyOf(flac, 200))); // inside the comments
        assertThat(tags.mimeType()).isEqualTo("audio/flac");
        assertThat(tags.durationSeconds()).isEqualTo(1.5);
        assertThat(tags.title()).isEqualTo("Sous le ciel — 空");
        assertThat(tags.isrc()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id3v24.mp3", "id3v23-vbr.mp3", "id3v1-cbr.mp3", "tags.flac", "vorbis.ogg", "opus.opus", "flac.oga", "aac.m4a"})
    void mutated_files_read_without_throwing_or_allocating_much(String fixture) throws IOException {
        byte[] whole = TestAudio.fixtureBytes(fixture);
        Random rnd = new Random(fixture.hashCode());
        for (int i = 0; i < 300; i++) {
            byte[] b = whole.clone();
            int at = rnd.nextInt(Math.min(b.length - 4, 800)); // headers and tags are at the start
            switch (i % 3) {
                case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> ByteBuffer.wrap(b).putInt(at, rnd.nextInt());
                default -> ByteBuffer.wrap(b).putInt(at, rnd.nextBoolean() ? 0x7FFFFFFF : 0xFFFFFFFF);
            }
            readCheaply(TestAudio.write(dir, "mutant" + i, b)); // new names: rewriting one file is slow on ext4
        }
    }

    /** Length fields that made jaudiotagger 3.0.1 allocate up to 2 GB. */
    @Test
    void huge_declared_lengths_are_not_trusted() throws IOException {
        byte[] m4a = TestAudio.fixtureBytes("aac.m4a");
        int moov = indexOf(m4a, ascii("moov")) - 4;
        ByteBuffer.wrap(m4a).putInt(moov, 0x7FFFFFF0);
        AudioTags tags = readCheaply(TestAudio.write(dir, "moov", m4a));
        assertThat(tags.title()).as("a box longer than the file is read as far as the file goes").isEqualTo("Sous le ciel — 空");

        byte[] flac = TestAudio.fixtureBytes("tags.flac");
        int vendor = indexOf(flac, ascii("reference libFLAC")) - 4;
        ByteBuffer.wrap(flac).put(vendor, le32(0x7FFFFFFF));
        tags = readCheaply(TestAudio.write(dir, "vendor", flac));
        assertThat(tags.mimeType()).isEqualTo("audio/flac");
        assertThat(tags.durationSeconds()).isEqualTo(1.5);

        byte[] ogg = TestAudio.fixtureBytes("vorbis.ogg");
        int firstComment = indexOf(ogg, ascii("title=")) - 4; // oggenc writes lower-case keys
        ByteBuffer.wrap(ogg).put(firstComment, le32(0xFFFFFFFFL));
        tags = readCheaply(TestAudio.write(dir, "comment", ogg));
        assertThat(tags.mimeType()).isEqualTo("audio/ogg");
        assertThat(tags.durationSeconds()).isEqualTo(1.5);

        byte[] mp3 = TestAudio.fixtureBytes("id3v24.mp3");
        ByteBuffer.wrap(mp3).put(14, TestAudio.synchsafe(0x0FFFFFFF)); // TIT2's size
        tags = readCheaply(TestAudio.write(dir, "frame", mp3));
        assertThat(tags.mimeType()).isEqualTo("audio/mpeg");
        assertThat(tags.durationSeconds()).isEqualTo(1.5);
    }

    @Test
    void a_50_mb_non_audio_file_is_read_quickly_without_loading_it() throws IOException {
        Path file = TestData.writeRandomFile(dir.resolve("big.bin"), FIFTY_MB, 1);
        assertFastAndCheap(file, tags -> assertThat(tags).isEqualTo(AudioTags.NONE));
    }

    @Test
    void a_50_mb_id3_tag_of_empty_frames_followed_by_zeros_is_read_quickly() throws IOException {
        Path file = dir.resolve("frames.mp3");
        int tagSize = (int) (FIFTY_MB / 2);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(concat(ascii("ID3"), new byte[] {4, 0, 0}, TestAudio.synchsafe(tagSize)));
            byte[] frames = new byte[1 << 20];
            for (int i = 0; i + 10 <= frames.length; i += 10) System.arraycopy(ascii("PRIV"), 0, frames, i, 4);
            for (int written = 0; written < tagSize; written += frames.length) {
                out.write(frames, 0, Math.min(frames.length, tagSize - written));
            }
        }
        extendWithZeros(file, FIFTY_MB);
        assertFastAndCheap(file, tags -> assertThat(tags.mimeType()).isEqualTo("audio/mpeg"));
    }

    @Test
    void fifty_mb_of_empty_flac_blocks_mp4_boxes_or_ogg_comments_is_read_quickly() throws IOException {
        Path flac = dir.resolve("blocks.flac");
        Files.write(flac, concat(ascii("fLaC"), TestAudio.flacBlock(0, false, TestAudio.streamInfo(8000, 8000))));
        fill(flac, new byte[] {1, 0, 0, 0}); // PADDING blocks of length 0, none marked last
        assertFastAndCheap(flac, tags -> assertThat(tags.durationSeconds()).isEqualTo(1.0));

        Path mp4 = dir.resolve("boxes.m4a");
        Files.write(mp4, TestAudio.ftyp("M4A "));
        fill(mp4, concat(be32(8), ascii("free")));
        assertFastAndCheap(mp4, tags -> assertThat(tags.mimeType()).isEqualTo("audio/mp4"));

        Path ogg = dir.resolve("comments.ogg");
        byte[] comments = concat(new byte[] {3}, ascii("vorbis"), le32(0), le32(0xFFFFFFFFL), new byte[255 * 255 - 15]);
        Files.write(ogg, TestAudio.oggStream(9, 8000, TestAudio.vorbisIdentification(8000), comments));
        byte[] page = Arrays.copyOfRange(Files.readAllBytes(ogg), 58, 58 + 27 + 255 + 255 * 255);
        page[5] = 1; // continued packet
        fill(ogg, page);
        assertFastAndCheap(ogg, tags -> assertThat(tags.mimeType()).isEqualTo("audio/ogg"));
    }

    private static void assertFastAndCheap(Path file, Consumer<AudioTags> check) throws IOException {
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(FIFTY_MB);
        long start = System.nanoTime();
        AudioTags tags = readCheaply(file);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("milliseconds to read %s", file.getFileName()).isLessThan(1000);
        check.accept(tags);
    }

    /** Appends copies of {@code unit} until the file holds 50 MB. */
    private static void fill(Path file, byte[] unit) throws IOException {
        byte[] chunk = new byte[(1 << 20) / unit.length * unit.length];
        for (int i = 0; i < chunk.length; i += unit.length) System.arraycopy(unit, 0, chunk, i, unit.length);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
            for (long size = Files.size(file); size < FIFTY_MB; size += chunk.length) out.write(chunk);
        }
    }

    private static void extendWithZeros(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) if (haystack[i + k] != needle[k]) continue outer;
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
