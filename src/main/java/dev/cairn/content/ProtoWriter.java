package dev.cairn.content;

import java.io.ByteArrayOutputStream;

/** Just enough protobuf encoding for dag-pb and UnixFS: varint and length-delimited fields. */
final class ProtoWriter {
    private final ByteArrayOutputStream out;

    ProtoWriter(int sizeHint) {
        out = new ByteArrayOutputStream(sizeHint);
    }

    ProtoWriter varint(int field, long value) {
        raw(field << 3);
        raw(value);
        return this;
    }

    ProtoWriter bytes(int field, byte[] value) {
        raw((field << 3) | 2);
        raw(value.length);
        out.writeBytes(value);
        return this;
    }

    private void raw(long value) {
        out.writeBytes(Varint.encode(value));
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
