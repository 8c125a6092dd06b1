package dev.cairn.content;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Writes a CAR v1 stream: header, then one varint-framed (CID, bytes) section per block. */
public final class CarWriter {
    private final OutputStream out;

    public CarWriter(OutputStream out, List<Cid> roots) throws IOException {
        this.out = out;
        byte[] header = new CarHeader(roots).encode();
        Varint.write(header.length, out);
        out.write(header);
    }

    public void write(Cid cid, byte[] data) throws IOException {
        byte[] c = cid.toBytes();
        Varint.write((long) c.length + data.length, out);
        out.write(c);
        out.write(data);
    }
}
