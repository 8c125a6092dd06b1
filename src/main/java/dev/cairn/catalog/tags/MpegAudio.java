package dev.cairn.catalog.tags;

import java.io.IOException;

/** MPEG audio (Layer I, II, III) frame headers, and the playing time from a Xing, Info or VBRI frame or the bitrate. */
final class MpegAudio {
    /** How far past the ID3v2 tag to look for the first frame (junk and oversized padding happen). */
    static final int SEARCH_LIMIT = 1 << 20;

    private static final int[][] BITRATES_KBPS = {
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 Layer I
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 Layer II
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 Layer III
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 Layer I
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // MPEG-2/2.5 Layer II and III
    };
    private static final int[] SAMPLE_RATES_MPEG1 = {44100, 48000, 32000};

    private MpegAudio() {}

    /**
     * One frame header.
     *
     * @param version 1 for MPEG-1, 2 for MPEG-2, 25 for MPEG-2.5
     */
    record Header(int version, int layer, int bitrate, int sampleRate, boolean padding, boolean mono) {
        /** The header in the four bytes at {@code i}, or null if they are not one (free-format bitrate is not supported). */
        static Header parse(byte[] b, int i) {
            if (i < 0 || i + 4 > b.length) return null;
            int h = (int) Bytes.u32be(b, i);
            if ((h >>> 21) != 0x7FF) return null;
            int versionBits = h >>> 19 & 3;
            int layerBits = h >>> 17 & 3;
            int bitrateIndex = h >>> 12 & 15;
            int rateIndex = h >>> 10 & 3;
            if (versionBits == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) return null;
            int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
            int layer = 4 - layerBits;
            int table = version == 1 ? layer - 1 : layer == 1 ? 3 : 4;
            int rate = SAMPLE_RATES_MPEG1[rateIndex] / (version == 1 ? 1 : version == 2 ? 2 : 4);
            return new Header(version, layer, BITRATES_KBPS[table][bitrateIndex] * 1000, rate, (h >>> 9 & 1) != 0, (h >>> 6 & 3) == 3);
        }

        int samplesPerFrame() {
            return layer == 1 ? 384 : layer == 2 || version == 1 ? 1152 : 576;
        }

        int frameLength() {
            if (layer == 1) return (12 * bitrate / sampleRate + (padding ? 1 : 0)) * 4;
            return samplesPerFrame() / 8 * bitrate / sampleRate + (padding ? 1 : 0);
        }

        /** Where a Xing or Info header sits: after the side information of a Layer III frame. */
        int xingOffset() {
            return 4 + (version == 1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
        }

        boolean sameStream(Header other) {
            return other != null && other.version == version && other.layer == layer && other.sampleRate == sampleRate;
        }
    }

    /** A frame header and where it is. */
    record Frame(long position, Header header) {}

    /**
     * The first frame at or after {@code from}: a valid header followed by another of the same stream (or by the end of the
     * audio). Null if there is none within {@link #SEARCH_LIMIT} bytes.
     */
    static Frame findFirst(FileInput in, long from, long audioEnd) throws IOException {
        long stop = Math.min(audioEnd, from + SEARCH_LIMIT);
        byte[] chunk = new byte[64 * 1024];
        for (long base = from; base < stop; base += chunk.length - 3) {
            int n = in.readAt(base, chunk, 0, (int) Math.min(chunk.length, audioEnd - base));
            for (int i = 0; i + 4 <= n && base + i < stop; i++) {
                if ((chunk[i] & 0xFF) != 0xFF || (chunk[i + 1] & 0xE0) != 0xE0) continue;
                Header header = Header.parse(chunk, i);
                if (header != null && followedByFrame(in, base + i, header, audioEnd)) return new Frame(base + i, header);
            }
            if (n < chunk.length) break;
        }
        return null;
    }

    /** True if a frame header at {@code position} is followed by a frame of the same stream or by the end of the audio. */
    static boolean followedByFrame(FileInput in, long position, Header header, long audioEnd) throws IOException {
        long next = position + header.frameLength();
        if (next == audioEnd) return true;
        return next + 4 <= audioEnd && header.sameStream(Header.parse(in.read(next, 4), 0));
    }

    /** Seconds of audio from {@code first} to {@code audioEnd}. */
    static double duration(FileInput in, Frame first, long audioEnd) throws IOException {
        Header h = first.header();
        byte[] frame = in.readUpTo(first.position(), Math.min(h.frameLength(), 512));
        long frames = -1;
        long trimmed = 0;
        int x = h.xingOffset();
        if (Bytes.startsWith(frame, x, "Xing") || Bytes.startsWith(frame, x, "Info")) {
            int flags = frame.length >= x + 8 ? (int) Bytes.u32be(frame, x + 4) : 0;
            int p = x + 8;
            if ((flags & 1) != 0 && frame.length >= p + 4) frames = Bytes.u32be(frame, p);
            p += ((flags & 1) != 0 ? 4 : 0) + ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0) + ((flags & 8) != 0 ? 4 : 0);
            trimmed = encoderDelayAndPadding(frame, p);
        } else if (Bytes.startsWith(frame, 36, "VBRI") && frame.length >= 36 + 18) {
            frames = Bytes.u32be(frame, 36 + 14);
        }
        if (frames > 0) {
            long samples = frames * h.samplesPerFrame();
            if (trimmed < samples) samples -= trimmed;
            return (double) samples / h.sampleRate();
        }
        // constant bitrate (or a VBR file without a table of contents: an estimate)
        return (audioEnd - first.position()) * 8.0 / h.bitrate();
    }

    /** From the LAME extension of a Xing/Info frame (also written by ffmpeg): samples added before and after the audio. */
    private static long encoderDelayAndPadding(byte[] frame, int lame) {
        if (frame.length < lame + 24) return 0;
        if (!(Bytes.startsWith(frame, lame, "LAME") || Bytes.startsWith(frame, lame, "Lavf") || Bytes.startsWith(frame, lame, "Lavc"))) {
            return 0;
        }
        int bits = Bytes.u24be(frame, lame + 21);
        return (bits >>> 12) + (bits & 0xFFF);
    }
}
