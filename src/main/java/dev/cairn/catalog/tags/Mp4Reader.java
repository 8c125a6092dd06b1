package dev.cairn.catalog.tags;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * MP4/M4A (ISO base media file format): boxes are walked by their headers; only mvhd (the duration), the track
 * handlers and the iTunes item list (moov/udta/meta/ilst) are read, so the media data and sample tables stay on disk.
 */
final class Mp4Reader {
    private static final Set<String> AUDIO_BRANDS = Set.of("M4A ", "M4B ", "M4P ", "F4A ", "F4B ");
    /** A walk that meets more boxes than this is in a crafted file. */
    private static final int MAX_BOXES = 10_000;
    /** A longer item is cover art or lyrics: skipped. */
    private static final int MAX_VALUE = 64 * 1024;

    private final FileInput in;
    private int boxes;

    private Mp4Reader(FileInput in) {
        this.in = in;
    }

    /** True if {@code head} starts with a file type box. */
    static boolean isMp4(byte[] head) {
        return Bytes.startsWith(head, 4, "ftyp");
    }

    /** True if the major brand in the file type box says audio only ("M4A ", "M4B ", ...). */
    static boolean hasAudioBrand(byte[] head) {
        return head.length >= 12 && AUDIO_BRANDS.contains(new String(head, 8, 4, StandardCharsets.ISO_8859_1));
    }

    static void read(FileInput in, TagsBuilder tags) throws IOException {
        new Mp4Reader(in).read(tags);
    }

    /** A box: its type, where its content starts and where it ends (cut at the end of its parent or of the file). */
    private record Box(String type, long content, long end) {}

    private void read(TagsBuilder tags) throws IOException {
        boolean audioBrand = hasAudioBrand(in.read(0, 12));
        if (audioBrand) tags.mimeType("audio/mp4");
        Box moov = child(0, in.size(), "moov");
        if (moov == null) return;
        if (!audioBrand) {
            // other brands (isom, mp42, ...) hold audio or video: audio only if no track is video
            Set<String> handlers = trackHandlers(moov);
            if (handlers.contains("vide") || !handlers.contains("soun")) return;
            tags.mimeType("audio/mp4");
        }
        Box mvhd = child(moov, "mvhd");
        if (mvhd != null) tags.durationSeconds(seconds(mvhd));
        Box udta = child(moov, "udta");
        Box meta = udta == null ? null : child(udta, "meta");
        if (meta == null) return;
        // iTunes writes meta as a full box (4 bytes of version and flags); QuickTime files may not
        long metaChildren = Bytes.startsWith(in.read(meta.content(), 8), 4, "hdlr") ? meta.content() : meta.content() + 4;
        Box ilst = child(metaChildren, meta.end(), "ilst");
        if (ilst == null) return;
        for (Box item = box(ilst.content(), ilst.end()); item != null; item = box(item.end(), ilst.end())) readItem(item, tags);
    }

    private void readItem(Box item, TagsBuilder tags) throws IOException {
        if (item.type().equals("----")) {
            // freeform: mean ("com.apple.iTunes"), name ("ISRC"), data
            Box name = child(item, "name");
            byte[] nameBytes = name == null ? null : value(name.content() + 4, name.end());
            if (nameBytes != null && new String(nameBytes, StandardCharsets.UTF_8).equalsIgnoreCase("ISRC")) tags.isrc(text(item));
            return;
        }
        switch (item.type()) {
            case "\u00A9nam" -> tags.title(text(item));
            case "\u00A9ART" -> tags.artist(text(item));
            case "\u00A9alb" -> tags.album(text(item));
            case "\u00A9gen" -> tags.genre(text(item));
            case "\u00A9day" -> tags.releaseDate(text(item));
            case "\u00A9wrt" -> tags.composer(text(item));
            case "aART" -> tags.albumArtist(text(item));
            case "gnre" -> {
                // an ID3v1 genre number plus one
                byte[] v = data(item);
                if (v != null && v.length >= 2) tags.genre(Genres.byNumber(Bytes.u16be(v, 0) - 1));
            }
            case "trkn" -> {
                // reserved, track, total, reserved: 16 bits each
                byte[] v = data(item);
                if (v != null && v.length >= 4) tags.trackNumber(Bytes.u16be(v, 2));
            }
            default -> { }
        }
    }

    /** The item's data box as text (UTF-8, or UTF-16 when its type says so); null if absent or too long. */
    private String text(Box item) throws IOException {
        Box data = child(item, "data");
        if (data == null || data.end() - data.content() < 8) return null;
        long type = Bytes.u32be(in.read(data.content(), 4), 0) & 0xFFFFFF;
        byte[] v = value(data.content() + 8, data.end());
        if (v == null) return null;
        return new String(v, type == 2 ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_8);
    }

    /** The value in the item's data box, after its type and locale fields. */
    private byte[] data(Box item) throws IOException {
        Box data = child(item, "data");
        return data == null ? null : value(data.content() + 8, data.end());
    }

    private byte[] value(long start, long end) throws IOException {
        if (start > end || end - start > MAX_VALUE) return null;
        return in.read(start, (int) (end - start));
    }

    /** mvhd: a time scale (units per second) and the duration in those units. */
    private double seconds(Box mvhd) throws IOException {
        byte[] b = in.readUpTo(mvhd.content(), 32);
        if (b.length < 20) return 0;
        boolean version1 = b[0] == 1;
        if (version1 && b.length < 32) return 0;
        long timescale = Bytes.u32be(b, version1 ? 20 : 12);
        long duration = version1 ? Bytes.u64be(b, 24) : Bytes.u32be(b, 16);
        boolean unknown = version1 ? duration == -1 : duration == 0xFFFFFFFFL;
        return timescale == 0 || unknown || duration < 0 ? 0 : (double) duration / timescale;
    }

    /** The handler types of the tracks: "soun" for audio, "vide" for video, ... */
    private Set<String> trackHandlers(Box moov) throws IOException {
        Set<String> handlers = new HashSet<>();
        for (Box trak = box(moov.content(), moov.end()); trak != null; trak = box(trak.end(), moov.end())) {
            if (!trak.type().equals("trak")) continue;
            Box mdia = child(trak, "mdia");
            Box hdlr = mdia == null ? null : child(mdia, "hdlr");
            if (hdlr == null || hdlr.end() - hdlr.content() < 12) continue;
            handlers.add(new String(in.read(hdlr.content() + 8, 4), StandardCharsets.ISO_8859_1));
        }
        return handlers;
    }

    private Box child(Box parent, String type) throws IOException {
        return child(parent.content(), parent.end(), type);
    }

    /** The first box of {@code type} among the boxes from {@code start} to {@code end}; null if there is none. */
    private Box child(long start, long end, String type) throws IOException {
        for (Box b = box(start, end); b != null; b = box(b.end(), end)) if (b.type().equals(type)) return b;
        return null;
    }

    /** The box whose header is at {@code position}; null at the end of the parent or at a header that makes no sense. */
    private Box box(long position, long parentEnd) throws IOException {
        if (++boxes > MAX_BOXES) throw new IOException("more than " + MAX_BOXES + " boxes");
        parentEnd = Math.min(parentEnd, in.size());
        if (parentEnd - position < 8) return null;
        byte[] header = in.read(position, 8);
        long size = Bytes.u32be(header, 0);
        String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
        long headerLength = 8;
        if (size == 1) {
            if (parentEnd - position < 16) return null;
            size = Bytes.u64be(in.read(position + 8, 8), 0);
            headerLength = 16;
        } else if (size == 0) {
            size = parentEnd - position; // to the end of the file
        }
        if (size < headerLength) return null;
        // a box cut short (a truncated file) is read as far as it goes
        long end = size > parentEnd - position ? parentEnd : position + size;
        return new Box(type, position + headerLength, end);
    }
}
