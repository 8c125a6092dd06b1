package dev.cairn.content;

import java.util.ArrayList;
import java.util.List;

/**
 * The UnixFS Data message carried in a dag-pb node's data field
 * (https://specs.ipfs.tech/unixfs/). Optional fields are null when absent.
 */
public record UnixFs(Type type, byte[] data, Long fileSize, List<Long> blockSizes, Long hashType, Long fanout,
        Integer mode, Long mtimeSeconds) {

    public enum Type {
        RAW(0), DIRECTORY(1), FILE(2), METADATA(3), SYMLINK(4), HAMT_SHARD(5);

        final int code;

        Type(int code) {
            this.code = code;
        }

        static Type of(long code) {
            for (Type t : values()) if (t.code == code) return t;
            throw new IllegalArgumentException("unknown UnixFS type " + code);
        }
    }

    public UnixFs {
        blockSizes = List.copyOf(blockSizes);
    }

    public static UnixFs file(byte[] data, long fileSize, List<Long> blockSizes) {
        return new UnixFs(Type.FILE, data, fileSize, blockSizes, null, null, null, null);
    }

    public static UnixFs directory() {
        return new UnixFs(Type.DIRECTORY, null, null, List.of(), null, null, null, null);
    }

    public static UnixFs symlink(byte[] target) {
        return new UnixFs(Type.SYMLINK, target, null, List.of(), null, null, null, null);
    }

    /** Encodes fields in field-number order, blocksizes unpacked, as go and js UnixFS do. */
    public byte[] encode() {
        ProtoWriter w = new ProtoWriter(16 + (data == null ? 0 : data.length) + blockSizes.size() * 5);
        w.varint(1, type.code);
        if (data != null && data.length > 0) w.bytes(2, data);
        if (fileSize != null) w.varint(3, fileSize);
        for (long size : blockSizes) w.varint(4, size);
        if (hashType != null) w.varint(5, hashType);
        if (fanout != null) w.varint(6, fanout);
        if (mode != null) w.varint(7, mode);
        if (mtimeSeconds != null) w.bytes(8, new ProtoWriter(12).varint(1, mtimeSeconds).toByteArray());
        return w.toByteArray();
    }

    public static UnixFs decode(byte[] bytes) {
        if (bytes == null) throw new IllegalArgumentException("dag-pb node has no UnixFS data");
        ProtoReader r = new ProtoReader(bytes, 0, bytes.length);
        Type type = null;
        byte[] data = null;
        Long fileSize = null;
        Long hashType = null;
        Long fanout = null;
        Integer mode = null;
        Long mtime = null;
        List<Long> blockSizes = new ArrayList<>();
        while (r.hasMore()) {
            int tag = r.tag();
            switch (tag) {
                case (1 << 3) -> type = Type.of(r.varint());
                case (2 << 3) | 2 -> data = r.bytes();
                case (3 << 3) -> fileSize = r.varint();
                case (4 << 3) -> blockSizes.add(r.varint());
                case (4 << 3) | 2 -> {
                    // packed blocksizes: legal protobuf, written by some encoders
                    byte[] packed = r.bytes();
                    ProtoReader p = new ProtoReader(packed, 0, packed.length);
                    while (p.hasMore()) blockSizes.add(p.varint());
                }
                case (5 << 3) -> hashType = r.varint();
                case (6 << 3) -> fanout = r.varint();
                case (7 << 3) -> mode = (int) r.varint();
                case (8 << 3) | 2 -> mtime = decodeMtime(r.bytes());
                default -> throw new IllegalArgumentException("UnixFS: unexpected field tag " + tag);
            }
        }
        if (type == null) throw new IllegalArgumentException("UnixFS data without a type");
        return new UnixFs(type, data, fileSize, blockSizes, hashType, fanout, mode, mtime);
    }

    private static Long decodeMtime(byte[] bytes) {
        ProtoReader r = new ProtoReader(bytes, 0, bytes.length);
        Long seconds = null;
        while (r.hasMore()) {
            int tag = r.tag();
            if (tag == (1 << 3)) seconds = r.varint();
            else if ((tag & 7) == 0) r.varint();
            else if ((tag & 7) == 5) r.skip(4); // fractional nanoseconds: Cairn keeps whole seconds
            else r.span();
        }
        return seconds;
    }

    /** Bytes of file content this node covers: its own data plus its children's. */
    public long contentSize() {
        long sum = data == null ? 0 : data.length;
        for (long s : blockSizes) sum += s;
        return sum;
    }
}
