package dev.cairn.catalog.tags;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * ID3v2.2, 2.3 and 2.4 tags: the text frames that {@link AudioTags} holds. Frames are read one at a time
 * from a stream over the tag; pictures and other large frames are skipped by position, never loaded.
 */
final class Id3v2Reader {
    static final int HEADER_LENGTH = 10;

    /** A text frame larger than this is not a title or a name: it is skipped. */
    private static final int MAX_TEXT_FRAME = 64 * 1024;
    /** Tags with chapters or synced lyrics have hundreds of frames; past this, a crafted tag would only cost time. */
    private static final int MAX_FRAMES = 8192;

    private enum Field { TITLE, ARTIST, ALBUM, GENRE, TRACK, COMPOSER, ALBUM_ARTIST, ISRC, YEAR, DAY_MONTH, RECORDED, RELEASED }

    private static final Map<String, Field> FRAMES = Map.ofEntries(
            Map.entry("TIT2", Field.TITLE), Map.entry("TT2", Field.TITLE),
            Map.entry("TPE1", Field.ARTIST), Map.entry("TP1", Field.ARTIST),
            Map.entry("TALB", Field.ALBUM), Map.entry("TAL", Field.ALBUM),
            Map.entry("TCON", Field.GENRE), Map.entry("TCO", Field.GENRE),
            Map.entry("TRCK", Field.TRACK), Map.entry("TRK", Field.TRACK),
            Map.entry("TCOM", Field.COMPOSER), Map.entry("TCM", Field.COMPOSER),
            Map.entry("TPE2", Field.ALBUM_ARTIST), Map.entry("TP2", Field.ALBUM_ARTIST),
            Map.entry("TSRC", Field.ISRC), Map.entry("TRC", Field.ISRC),
            Map.entry("TYER", Field.YEAR), Map.entry("TYE", Field.YEAR),
            Map.entry("TDAT", Field.DAY_MONTH), Map.entry("TDA", Field.DAY_MONTH),
            Map.entry("TDRC", Field.RECORDED),
            Map.entry("TDRL", Field.RELEASED));

    private Id3v2Reader() {}

    /** True if {@code head} has an ID3v2 header at {@code i}: "ID3", version 2 to 4, a revision, flags, a synchsafe size. */
    static boolean isHeader(byte[] head, int i) {
        if (head.length < i + HEADER_LENGTH || !Bytes.startsWith(head, i, "ID3")) return false;
        int version = head[i + 3];
        boolean unusedFlagsClear = (head[i + 5] & 0x0F) == 0;
        return version >= 2 && version <= 4 && head[i + 4] != (byte) 0xFF && unusedFlagsClear
                && (head[i + 6] | head[i + 7] | head[i + 8] | head[i + 9]) >= 0;
    }

    /** Reads the tag at {@code start} into {@code tags}; returns the offset just past the tag. */
    static long read(FileInput in, long start, TagsBuilder tags) throws IOException {
        byte[] header = in.read(start, HEADER_LENGTH);
        int version = header[3];
        int flags = header[5] & 0xFF;
        long size = Bytes.synchsafe(header, 6);
        boolean footer = version == 4 && (flags & 0x10) != 0;
        long end = start + HEADER_LENGTH + size + (footer ? HEADER_LENGTH : 0);
        // 2.2 defined a compression flag but no scheme for it
        if (version == 2 && (flags & 0x40) != 0) return end;

        InputStream body = in.stream(start + HEADER_LENGTH, size);
        if ((flags & 0x80) != 0 && version < 4) body = new Resynchronizing(body);
        Frames frames = new Frames(version, tags);
        try {
            if (version > 2 && (flags & 0x40) != 0) skipExtendedHeader(body, version);
            for (int i = 0; i < MAX_FRAMES && frames.readFrame(body); i++) {
                // each frame goes into the builder as it is read
            }
        } catch (EOFException e) {
            // a frame runs past the tag or the file: keep the frames before it
        }
        tags.releaseDate(frames.date());
        return end;
    }

    private static void skipExtendedHeader(InputStream body, int version) throws IOException {
        byte[] sizeBytes = Bytes.readFully(body, 4);
        // 2.3 counts the bytes after the size field, 2.4 the whole extended header (synchsafe)
        long rest = version == 3 ? Bytes.u32be(sizeBytes, 0) : Bytes.synchsafe(sizeBytes, 0) - 4L;
        if (rest < 0) throw new EOFException("bad extended header");
        body.skipNBytes(rest);
    }

    /** The frames of one tag, copied into the builder as they are read; the date is put together at the end. */
    private static final class Frames {
        private final int version;
        private final TagsBuilder tags;
        private String year;
        private String dayMonth;
        private String recorded;
        private String released;

        Frames(int version, TagsBuilder tags) {
            this.version = version;
            this.tags = tags;
        }

        /** Reads one frame; false at the padding or at the end of the tag. */
        boolean readFrame(InputStream body) throws IOException {
            int headerLength = version == 2 ? 6 : 10;
            int first = body.read();
            if (first <= 0) return false;
            byte[] header = new byte[headerLength];
            header[0] = (byte) first;
            if (body.readNBytes(header, 1, headerLength - 1) < headerLength - 1) throw new EOFException("frame header cut short");
            int idLength = version == 2 ? 3 : 4;
            for (int i = 0; i < idLength; i++) {
                int c = header[i];
                if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) return false;
            }
            String id = new String(header, 0, idLength, StandardCharsets.ISO_8859_1);
            long size = frameSize(header);
            int formatFlags = version == 2 ? 0 : header[9] & 0xFF;
            Field field = FRAMES.get(id);
            if (field == null || size > MAX_TEXT_FRAME || encrypted(formatFlags)) {
                body.skipNBytes(size);
                return true;
            }
            byte[] data = Bytes.readFully(body, (int) size);
            byte[] text = frameData(data, formatFlags);
            if (text != null) put(field, decodeText(text));
            return true;
        }

        private long frameSize(byte[] header) {
            if (version == 2) return Bytes.u24be(header, 3);
            // iTunes wrote 2.4 frame sizes as plain integers; a byte with its top bit set cannot be synchsafe
            if (version == 3 || (header[4] | header[5] | header[6] | header[7]) < 0) return Bytes.u32be(header, 4);
            return Bytes.synchsafe(header, 4);
        }

        private boolean encrypted(int formatFlags) {
            return version == 3 && (formatFlags & 0x40) != 0 || version == 4 && (formatFlags & 0x04) != 0;
        }

        /** The frame's content after its optional fields, resynchronised and inflated as its flags say; null if unreadable. */
        private byte[] frameData(byte[] data, int formatFlags) {
            int skip = 0;
            boolean compressed;
            boolean unsynchronised = false;
            if (version == 3) {
                compressed = (formatFlags & 0x80) != 0;
                if (compressed) skip += 4; // decompressed size
                if ((formatFlags & 0x20) != 0) skip += 1; // group id
            } else if (version == 4) {
                if ((formatFlags & 0x40) != 0) skip += 1; // group id
                compressed = (formatFlags & 0x08) != 0;
                unsynchronised = (formatFlags & 0x02) != 0;
                if ((formatFlags & 0x01) != 0) skip += 4; // data length indicator
            } else {
                compressed = false;
            }
            if (skip > data.length) return null;
            byte[] content = Arrays.copyOfRange(data, skip, data.length);
            if (unsynchronised) content = resynchronise(content);
            return compressed ? inflate(content) : content;
        }

        private void put(Field field, String value) {
            switch (field) {
                case TITLE -> tags.title(value);
                case ARTIST -> tags.artist(value);
                case ALBUM -> tags.album(value);
                case GENRE -> tags.genre(Genres.fromId3v2(value));
                case TRACK -> tags.trackNumber(value);
                case COMPOSER -> tags.composer(value);
                case ALBUM_ARTIST -> tags.albumArtist(value);
                case ISRC -> tags.isrc(value);
                case YEAR -> year = year == null ? value : year;
                case DAY_MONTH -> dayMonth = dayMonth == null ? value : dayMonth;
                case RECORDED -> recorded = recorded == null ? value : recorded;
                case RELEASED -> released = released == null ? value : released;
            }
        }

        /** 2.4 has full dates (TDRC, TDRL); 2.3 a year (TYER) and a "DDMM" day (TDAT). */
        String date() {
            if (recorded != null && !recorded.isBlank()) return recorded;
            if (released != null && !released.isBlank()) return released;
            if (year == null || !year.strip().matches("\\d{4}")) return year;
            String y = year.strip();
            if (dayMonth != null && dayMonth.strip().matches("\\d{4}")) {
                String dm = dayMonth.strip();
                return y + "-" + dm.substring(2) + "-" + dm.substring(0, 2);
            }
            return y;
        }
    }

    /**
     * A text frame: an encoding byte, then text; 2.4 may hold several values separated by NULs, of which the first is
     * taken. Null if the encoding byte is unknown.
     */
    static String decodeText(byte[] data) {
        if (data.length == 0) return null;
        Charset charset;
        int unit;
        switch (data[0]) {
            case 0 -> { charset = StandardCharsets.ISO_8859_1; unit = 1; }
            case 1 -> { charset = StandardCharsets.UTF_16; unit = 2; } // byte order mark first; big-endian without one
            case 2 -> { charset = StandardCharsets.UTF_16BE; unit = 2; }
            case 3 -> { charset = StandardCharsets.UTF_8; unit = 1; }
            default -> { return null; }
        }
        int end = 1;
        while (end + unit - 1 < data.length && !(data[end] == 0 && data[end + unit - 1] == 0)) end += unit;
        return new String(data, 1, Math.min(end, data.length) - 1, charset);
    }

    /** Undoes unsynchronisation: a 0x00 inserted after each 0xFF. */
    static byte[] resynchronise(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        for (int i = 0; i < data.length; i++) {
            out.write(data[i]);
            if ((data[i] & 0xFF) == 0xFF && i + 1 < data.length && data[i + 1] == 0) i++;
        }
        return out.toByteArray();
    }

    /** zlib-compressed frame content (2.3 and 2.4), at most {@link #MAX_TEXT_FRAME} bytes of it; null if corrupt. */
    private static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[MAX_TEXT_FRAME];
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int k = inflater.inflate(out, n, out.length - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                n += k;
            }
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    /** Drops each 0x00 that follows a 0xFF: a whole 2.2 or 2.3 tag written with unsynchronisation. */
    private static final class Resynchronizing extends InputStream {
        private final InputStream in;
        private int previous;

        Resynchronizing(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (previous == 0xFF && b == 0) b = in.read();
            previous = b;
            return b;
        }
    }
}
