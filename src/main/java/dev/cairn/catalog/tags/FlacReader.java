package dev.cairn.catalog.tags;

import java.io.IOException;

/** Native FLAC: "fLaC", then metadata blocks; STREAMINFO gives the duration, VORBIS_COMMENT the tags. */
final class FlacReader {
    private static final int STREAMINFO = 0;
    private static final int VORBIS_COMMENT = 4;
    private static final int INVALID = 127;
    /** Real files have a handful of metadata blocks; past this, a crafted file would only cost time. */
    private static final int MAX_BLOCKS = 1024;

    private FlacReader() {}

    /** Reads the stream whose "fLaC" marker is at {@code start}. */
    static void read(FileInput in, long start, TagsBuilder tags) throws IOException {
        tags.mimeType("audio/flac");
        long position = start + 4;
        for (int blocks = 0; blocks < MAX_BLOCKS; blocks++) {
            byte[] header = in.read(position, 4);
            boolean last = (header[0] & 0x80) != 0;
            int type = header[0] & 0x7F;
            int length = Bytes.u24be(header, 1);
            long body = position + 4;
            if (type == STREAMINFO && length >= 18) {
                tags.durationSeconds(streamInfoSeconds(in.read(body, 18), 0));
            } else if (type == VORBIS_COMMENT) {
                VorbisComments.read(in.stream(body, length), tags);
            } else if (type == INVALID) {
                return;
            }
            if (last) return;
            position = body + length;
        }
    }

    /** Total samples over the sample rate, from a STREAMINFO block at {@code i}; 0 if the stream does not say. */
    static double streamInfoSeconds(byte[] info, int i) {
        int sampleRate = sampleRate(info, i);
        long totalSamples = (long) (info[i + 13] & 0x0F) << 32 | Bytes.u32be(info, i + 14);
        return sampleRate == 0 ? 0 : (double) totalSamples / sampleRate;
    }

    /** The 20-bit sample rate of a STREAMINFO block at {@code i}, after the block sizes and frame sizes. */
    static int sampleRate(byte[] info, int i) {
        return (info[i + 10] & 0xFF) << 12 | (info[i + 11] & 0xFF) << 4 | (info[i + 12] & 0xFF) >>> 4;
    }
}
