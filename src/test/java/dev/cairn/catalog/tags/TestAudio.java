package dev.cairn.catalog.tags;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Builds small audio files byte by byte, for cases the encoder-made fixtures do not cover. */
final class TestAudio {
    private TestAudio() {}

    /** A committed fixture (see src/test/resources/audio/generate.sh) copied to {@code dir} under a name without extension. */
    static Path fixture(Path dir, String name) throws IOException {
        try (InputStream in = TestAudio.class.getResourceAsStream("/audio/" + name)) {
            if (in == null) throw new IllegalStateException("no fixture " + name);
            Path file = dir.resolve(name.replace('.', '_'));
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    static byte[] fixtureBytes(String name) throws IOException {
        try (InputStream in = TestAudio.class.getResourceAsStream("/audio/" + name)) {
            if (in == null) throw new IllegalStateException("no fixture " + name);
            return in.readAllBytes();
        }
    }

    static Path write(Path dir, String name, byte[]... parts) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, concat(parts));
        return file;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] be32(long v) {
        return ByteBuffer.allocate(4).putInt((int) v).array();
    }

    static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    static byte[] synchsafe(int v) {
        return new byte[] {(byte) (v >>> 21 & 0x7F), (byte) (v >>> 14 & 0x7F), (byte) (v >>> 7 & 0x7F), (byte) (v & 0x7F)};
    }

    // ---- ID3v2 and MPEG audio ----

    /** An ID3v2 tag of the given major version and flags around {@code frames} (already in that version's format). */
    static byte[] id3v2(int version, int flags, byte[]... frames) {
        byte[] body = concat(frames);
        return concat(new byte[] {'I', 'D', '3', (byte) version, 0, (byte) flags}, synchsafe(body.length), body);
    }

    /** A 2.3 or 2.4 text frame: encoding byte then text in that encoding. */
    static byte[] textFrame(int version, String id, int encoding, String text) {
        byte[] encoded = switch (encoding) {
            case 0 -> text.getBytes(StandardCharsets.ISO_8859_1);
            case 1 -> text.getBytes(StandardCharsets.UTF_16); // Java writes a big-endian byte order mark
            case 2 -> text.getBytes(StandardCharsets.UTF_16BE);
            default -> text.getBytes(StandardCharsets.UTF_8);
        };
        return frame(version, id, 0, concat(new byte[] {(byte) encoding}, encoded));
    }

    static byte[] frame(int version, String id, int formatFlags, byte[] content) {
        if (version == 2) {
            int n = content.length;
            return concat(ascii(id), new byte[] {(byte) (n >>> 16), (byte) (n >>> 8), (byte) n}, content);
        }
        byte[] size = version == 4 ? synchsafe(content.length) : be32(content.length);
        return concat(ascii(id), size, new byte[] {0, (byte) formatFlags}, content);
    }

    /** Inserts a 0x00 after every 0xFF (and after a final 0xFF), as unsynchronisation does. */
    static byte[] unsynchronise(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < data.length; i++) {
            out.write(data[i]);
            boolean ff = (data[i] & 0xFF) == 0xFF;
            if (ff && (i + 1 == data.length || (data[i + 1] & 0xE0) == 0xE0 || data[i + 1] == 0)) out.write(0);
        }
        return out.toByteArray();
    }

    /** An ID3v1.1 tag. */
    static byte[] id3v1(String title, String artist, String album, String year, int track, int genre) {
        byte[] tag = new byte[128];
        System.arraycopy(ascii("TAG"), 0, tag, 0, 3);
        System.arraycopy(ascii(title), 0, tag, 3, title.length());
        System.arraycopy(ascii(artist), 0, tag, 33, artist.length());
        System.arraycopy(ascii(album), 0, tag, 63, album.length());
        System.arraycopy(ascii(year), 0, tag, 93, year.length());
        tag[126] = (byte) track;
        tag[127] = (byte) genre;
        return tag;
    }

    /** {@code count} silent MPEG-1 Layer III frames at 44.1 kHz, 128 kbit/s, joint stereo: 417 bytes and 1152 samples each. */
    static byte[] mpegFrames(int count) {
        return mpegFrames(count, new byte[0]);
    }

    /** As {@link #mpegFrames(int)}, the first frame carrying {@code firstContent} after its header (a Xing or VBRI header). */
    static byte[] mpegFrames(int count, byte[] firstContent) {
        int length = 144 * 128_000 / 44_100;
        byte[] out = new byte[count * length];
        for (int f = 0; f < count; f++) {
            int at = f * length;
            out[at] = (byte) 0xFF;
            out[at + 1] = (byte) 0xFB; // MPEG-1, Layer III, no CRC
            out[at + 2] = (byte) 0x90; // 128 kbit/s, 44.1 kHz, no padding
            out[at + 3] = (byte) 0x44; // joint stereo
            if (f == 0) System.arraycopy(firstContent, 0, out, at + 4, firstContent.length);
        }
        return out;
    }

    // ---- FLAC ----

    /** A STREAMINFO block's 34 bytes for mono 16-bit audio. */
    static byte[] streamInfo(int sampleRate, long totalSamples) {
        ByteBuffer b = ByteBuffer.allocate(34);
        b.putShort((short) 4096).putShort((short) 4096).put(new byte[6]);
        long packed = (long) sampleRate << 44 | 0L << 41 | 15L << 36 | totalSamples;
        b.putLong(packed);
        return b.array(); // the MD5 stays zero: unknown
    }

    static byte[] flacBlock(int type, boolean last, byte[] content) {
        int len = content.length;
        return concat(new byte[] {(byte) ((last ? 0x80 : 0) | type), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len}, content);
    }

    /** A Vorbis comment block without the Ogg framing bit. */
    static byte[] vorbisComment(String... comments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] vendor = utf8("cairn test");
        out.writeBytes(le32(vendor.length));
        out.writeBytes(vendor);
        out.writeBytes(le32(comments.length));
        for (String c : comments) {
            byte[] b = utf8(c);
            out.writeBytes(le32(b.length));
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    // ---- Ogg ----

    /** Ogg pages (with correct CRCs) carrying {@code packets} of one stream; each packet starts a new page, long ones span pages. */
    static byte[] oggStream(int serial, long lastGranule, byte[]... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int sequence = 0;
        for (int p = 0; p < packets.length; p++) {
            byte[] packet = packets[p];
            int offset = 0;
            boolean continued = false;
            do {
                // up to 255 segments per page; a packet ending on a 255-byte segment needs a 0-length one
                int take = Math.min(packet.length - offset, 255 * 255);
                boolean ends = offset + take == packet.length && take < 255 * 255;
                int segments = take / 255 + (ends ? 1 : 0);
                byte[] lacing = new byte[segments];
                for (int s = 0; s < segments; s++) lacing[s] = (byte) (s < take / 255 ? 255 : take % 255);
                boolean lastPage = p == packets.length - 1 && ends;
                long granule = lastPage ? lastGranule : p < 2 ? 0 : -1;
                int type = (continued ? 1 : 0) | (sequence == 0 ? 2 : 0) | (lastPage ? 4 : 0);
                ByteBuffer h = ByteBuffer.allocate(27).order(ByteOrder.LITTLE_ENDIAN);
                h.put(ascii("OggS")).put((byte) 0).put((byte) type).putLong(granule).putInt(serial).putInt(sequence++).putInt(0);
                h.put((byte) segments);
                byte[] page = concat(h.array(), lacing, Arrays.copyOfRange(packet, offset, offset + take));
                int crc = oggCrc(page);
                ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
                out.writeBytes(page);
                offset += take;
                continued = true;
                if (ends) break;
            } while (true);
        }
        return out.toByteArray();
    }

    static byte[] vorbisIdentification(int sampleRate) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put(ascii("vorbis")).putInt(0).put((byte) 1).putInt(sampleRate).putInt(0).putInt(64000).putInt(0);
        b.put((byte) 0xB8).put((byte) 1);
        return b.array();
    }

    /** The Vorbis comment header packet: type 3, "vorbis", the comments, the framing bit. */
    static byte[] vorbisCommentPacket(String... comments) {
        return concat(new byte[] {3}, ascii("vorbis"), vorbisComment(comments), new byte[] {1});
    }

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) r = (r & 0x80000000) != 0 ? r << 1 ^ 0x04C11DB7 : r << 1;
            CRC_TABLE[i] = r;
        }
    }

    private static int oggCrc(byte[] page) {
        int crc = 0;
        for (byte b : page) crc = crc << 8 ^ CRC_TABLE[(crc >>> 24 ^ b & 0xFF) & 0xFF];
        return crc;
    }

    // ---- MP4 ----

    static byte[] box(String type, byte[]... content) {
        byte[] body = concat(content);
        return concat(be32(8 + body.length), ascii(type), body);
    }

    static byte[] fullBox(String type, byte[]... content) {
        return box(type, concat(new byte[4], concat(content)));
    }

    static byte[] ftyp(String brand) {
        return box("ftyp", ascii(brand), be32(0), ascii(brand), ascii("isom"));
    }

    static byte[] mvhd(long timescale, long duration) {
        return fullBox("mvhd", be32(0), be32(0), be32(timescale), be32(duration), new byte[80]);
    }

    static byte[] trak(String handler) {
        return box("trak", box("mdia", fullBox("hdlr", be32(0), ascii(handler), new byte[12], new byte[] {0})));
    }

    /** An iTunes item with one data box; type 1 is UTF-8 text, 0 binary. */
    static byte[] item(String type, int dataType, byte[] value) {
        return box(type, box("data", be32(dataType), be32(0), value));
    }

    static byte[] ilstInMeta(byte[]... items) {
        return box("udta", fullBox("meta", fullBox("hdlr", be32(0), ascii("mdir"), ascii("appl"), new byte[9]), box("ilst", items)));
    }
}
