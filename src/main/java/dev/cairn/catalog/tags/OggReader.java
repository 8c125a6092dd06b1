package dev.cairn.catalog.tags;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Ogg Vorbis and Ogg Opus (also FLAC in Ogg): the first logical stream's identification header gives the codec and
 * rate, the comment header (starting on the second page) the tags, the last page's granule position the duration.
 */
final class OggReader {
    private static final int PAGE_HEADER = 27;
    /** The largest possible page: header, 255 lacing values, 255 segments of 255 bytes. */
    private static final int MAX_PAGE = PAGE_HEADER + 255 + 255 * 255;
    /** Comment headers with cover art span many pages; more than this is not a tag. */
    private static final int MAX_COMMENT_PAGES = 16 * 1024;
    private static final int FLAC_STREAMINFO = 9 + 4 + 4;

    private OggReader() {}

    /** The codecs we read: the packet that identifies each, and what precedes the Vorbis comment in its comment packet. */
    private enum Codec {
        VORBIS("\u0001vorbis", "\u0003vorbis"),
        OPUS("OpusHead", "OpusTags"),
        FLAC("\u007fFLAC", null);

        final String identification;
        final String commentPrefix;

        Codec(String identification, String commentPrefix) {
            this.identification = identification;
            this.commentPrefix = commentPrefix;
        }
    }

    static void read(FileInput in, TagsBuilder tags) throws IOException {
        byte[] header = in.read(0, PAGE_HEADER);
        long serial = Bytes.u32le(header, 14);
        int segments = header[26] & 0xFF;
        byte[] lacing = in.read(PAGE_HEADER, segments);
        int payload = 0;
        for (byte l : lacing) payload += l & 0xFF;
        long payloadStart = PAGE_HEADER + segments;
        byte[] id = in.read(payloadStart, Math.min(payload, 64));

        Codec codec = null;
        for (Codec c : Codec.values()) if (Bytes.startsWith(id, 0, c.identification)) codec = c;
        if (codec == null) return; // Theora, Speex, ...: not read (and for video not audio)
        tags.mimeType("audio/ogg");

        long rate;
        long preSkip = 0;
        switch (codec) {
            case VORBIS -> rate = id.length >= 16 ? Bytes.u32le(id, 12) : 0;
            case OPUS -> {
                rate = 48000; // granule positions count 48 kHz samples whatever the input rate
                preSkip = id.length >= 12 ? Bytes.u16le(id, 10) : 0;
            }
            // "\x7fFLAC", version, header count (9 bytes), "fLaC", the STREAMINFO block's header, STREAMINFO
            default -> rate = id.length >= FLAC_STREAMINFO + 18 ? FlacReader.sampleRate(id, FLAC_STREAMINFO) : 0;
        }

        InputStream comments = new PagePayloads(in, payloadStart + payload, serial);
        if (codec == Codec.FLAC) {
            comments.skipNBytes(4); // the metadata block header of the VORBIS_COMMENT block
            VorbisComments.read(comments, tags);
        } else if (Bytes.startsWith(Bytes.readFully(comments, codec.commentPrefix.length()), 0, codec.commentPrefix)) {
            VorbisComments.read(comments, tags);
        }

        long granule = lastGranule(in, serial);
        if (rate > 0 && granule > preSkip) tags.durationSeconds((double) (granule - preSkip) / rate);
    }

    /** The granule position of the stream's last page (its sample count), from the file's last 2 pages' worth of bytes; -1 if none. */
    private static long lastGranule(FileInput in, long serial) throws IOException {
        long start = Math.max(0, in.size() - 2L * MAX_PAGE);
        byte[] tail = in.readUpTo(start, (int) (in.size() - start));
        for (int i = tail.length - PAGE_HEADER; i >= 0; i--) {
            if (!Bytes.startsWith(tail, i, "OggS") || tail[i + 4] != 0 || Bytes.u32le(tail, i + 14) != serial) continue;
            long granule = Bytes.u64le(tail, i + 6);
            if (granule != -1) return granule;
        }
        return -1;
    }

    /** The payload bytes of one logical stream's pages, in order, from {@code position} on; other streams' pages are passed over. */
    private static final class PagePayloads extends InputStream {
        private final FileInput in;
        private final long serial;
        private long nextPage;
        private long payload;
        private long remaining;
        private int pages;

        PagePayloads(FileInput in, long position, long serial) {
            this.in = in;
            this.nextPage = position;
            this.serial = serial;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (!nextPayload()) return -1;
            int n = in.readAt(payload, b, off, (int) Math.min(len, remaining));
            if (n <= 0) return -1;
            payload += n;
            remaining -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            while (skipped < n && nextPayload()) {
                long k = Math.min(n - skipped, remaining);
                payload += k;
                remaining -= k;
                skipped += k;
            }
            return skipped;
        }

        /** Moves to the next page of the stream if the current one is used up; false at the end. */
        private boolean nextPayload() throws IOException {
            while (remaining == 0) {
                if (++pages > MAX_COMMENT_PAGES) throw new EOFException("comment header longer than " + MAX_COMMENT_PAGES + " pages");
                byte[] header = in.readUpTo(nextPage, PAGE_HEADER);
                if (header.length < PAGE_HEADER || !Bytes.startsWith(header, 0, "OggS")) return false;
                int segments = header[26] & 0xFF;
                byte[] lacing = in.read(nextPage + PAGE_HEADER, segments);
                long length = 0;
                for (byte l : lacing) length += l & 0xFF;
                payload = nextPage + PAGE_HEADER + segments;
                nextPage = payload + length;
                if (Bytes.u32le(header, 14) == serial) remaining = Math.min(length, Math.max(0, in.size() - payload));
                if (payload >= in.size()) return false;
            }
            return true;
        }
    }
}
