package dev.cairn.catalog.tags;

import java.io.IOException;

/** MPEG audio files: ID3v2 tags at the start, frames, an ID3v1 tag at the end. */
final class Mp3Reader {
    /** A few taggers stack tags; more than this is not a music file. */
    private static final int MAX_ID3V2_TAGS = 4;

    private Mp3Reader() {}

    /** True if {@code head} starts with an MPEG audio frame followed by another one of the same stream. */
    static boolean startsWithFrames(FileInput in, byte[] head) throws IOException {
        MpegAudio.Header header = MpegAudio.Header.parse(head, 0);
        return header != null && MpegAudio.followedByFrame(in, 0, header, in.size());
    }

    static void read(FileInput in, TagsBuilder tags) throws IOException {
        tags.mimeType("audio/mpeg");
        long audioStart = 0;
        for (int i = 0; i < MAX_ID3V2_TAGS && Id3v2Reader.isHeader(in.readUpTo(audioStart, Id3v2Reader.HEADER_LENGTH), 0); i++) {
            audioStart = Id3v2Reader.read(in, audioStart, tags);
        }
        // some taggers put an ID3v2 tag in front of a FLAC stream
        if (Bytes.startsWith(in.readUpTo(audioStart, 4), 0, "fLaC")) {
            FlacReader.read(in, audioStart, tags);
            return;
        }
        long audioEnd = in.size();
        if (Id3v1Reader.read(in, tags)) audioEnd -= Id3v1Reader.LENGTH;
        MpegAudio.Frame first = MpegAudio.findFirst(in, audioStart, audioEnd);
        if (first != null) tags.durationSeconds(MpegAudio.duration(in, first, audioEnd));
    }
}
