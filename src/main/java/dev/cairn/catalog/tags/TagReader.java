package dev.cairn.catalog.tags;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads the tags and duration of an MP3, FLAC, Ogg (Vorbis, Opus) or MP4/M4A file. The format comes from the file's
 * first bytes, never its name. Every read is positional and bounded (a few hundred KiB at most, whatever the file
 * holds), so corrupt or hostile files cost little: they give {@link AudioTags#NONE}, or the fields read before the
 * damage. Stateless: safe to call from any number of threads.
 */
public final class TagReader {
    /** Enough for every signature checked here. */
    private static final int HEAD_LENGTH = 64;

    private TagReader() {}

    /** Never throws for unreadable, non-audio or corrupt files: those give NONE or what could be read. */
    public static AudioTags read(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) return AudioTags.NONE;
        TagsBuilder tags = new TagsBuilder();
        try (FileInput in = FileInput.open(file)) {
            byte[] head = in.readUpTo(0, HEAD_LENGTH);
            if (Id3v2Reader.isHeader(head, 0)) Mp3Reader.read(in, tags);
            else if (Bytes.startsWith(head, 0, "fLaC")) FlacReader.read(in, 0, tags);
            else if (Bytes.startsWith(head, 0, "OggS")) OggReader.read(in, tags);
            else if (Mp4Reader.isMp4(head)) Mp4Reader.read(in, tags);
            else if (Mp3Reader.startsWithFrames(in, head)) Mp3Reader.read(in, tags);
        } catch (IOException | RuntimeException e) {
            // unreadable, truncated or corrupt past this point: keep what was read
        }
        return tags.build();
    }

    /**
     * The media type of content from its first bytes (a few hundred are plenty): the audio types {@link #read} knows,
     * video/mp4 for other MP4 brands, image/png, image/jpeg, application/pdf, text/plain for UTF-8 text without
     * control characters, and application/octet-stream for anything else, including no bytes at all.
     */
    public static String sniffMime(byte[] head) {
        Objects.requireNonNull(head, "head");
        if (Id3v2Reader.isHeader(head, 0)) return "audio/mpeg";
        if (Bytes.startsWith(head, 0, "fLaC")) return "audio/flac";
        if (Bytes.startsWith(head, 0, "OggS")) return Bytes.startsWith(head, 28, "\u0080theora") ? "video/ogg" : "audio/ogg";
        if (Mp4Reader.isMp4(head)) return Mp4Reader.hasAudioBrand(head) ? "audio/mp4" : "video/mp4";
        if (Bytes.startsWith(head, 0, "\u0089PNG\r\n\u001a\n")) return "image/png";
        if (Bytes.startsWith(head, 0, "\u00ff\u00d8\u00ff")) return "image/jpeg";
        if (Bytes.startsWith(head, 0, "%PDF-")) return "application/pdf";
        if (startsWithFrames(head)) return "audio/mpeg";
        if (isText(head)) return "text/plain";
        return "application/octet-stream";
    }

    /** An MPEG audio frame header, and the next one too when it falls within {@code head}. */
    private static boolean startsWithFrames(byte[] head) {
        MpegAudio.Header first = MpegAudio.Header.parse(head, 0);
        if (first == null) return false;
        int next = first.frameLength();
        return next + 4 > head.length || first.sameStream(MpegAudio.Header.parse(head, next));
    }

    /** Valid UTF-8 (a sequence cut by the end of {@code head} is fine) without control characters other than whitespace. */
    private static boolean isText(byte[] head) {
        if (head.length == 0) return false;
        for (byte b : head) {
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1B || b == 0x7F) return false;
        }
        int end = head.length;
        // drop an incomplete last character: up to 3 bytes after its lead byte was cut
        for (int i = head.length - 1; i >= Math.max(0, head.length - 3); i--) {
            int b = head[i] & 0xFF;
            if (b < 0x80) break;
            if (b >= 0xC0) {
                int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                if (head.length - i < needed) end = i;
                break;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
