package dev.cairn.content;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The CAR v1 header (https://ipld.io/specs/transport/car/carv1/): dag-cbor {roots, version: 1}. */
public record CarHeader(List<Cid> roots) {
    public CarHeader {
        roots = List.copyOf(roots);
    }

    /** dag-cbor with map keys in length-then-bytes order: "roots" before "version". */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xA2);
        text(out, "roots");
        head(out, 4, roots.size());
        for (Cid root : roots) {
            byte[] cid = root.toBytes();
            out.write(0xD8);
            out.write(42);
            head(out, 2, cid.length + 1);
            out.write(0);
            out.writeBytes(cid);
        }
        text(out, "version");
        out.write(1);
        return out.toByteArray();
    }

    static CarHeader decode(byte[] bytes) {
        if (!(CborReader.decode(bytes) instanceof Map<?, ?> map)) throw new IllegalArgumentException("CAR header is not a map");
        Object version = map.get("version");
        if (!(version instanceof Long v)) throw new IllegalArgumentException("CAR header has no version");
        if (v == 2) throw new IllegalArgumentException("CARv2 is not supported; convert it to CARv1 first");
        if (v != 1) throw new IllegalArgumentException("unsupported CAR version " + v);
        if (!(map.get("roots") instanceof List<?> list)) throw new IllegalArgumentException("CAR header has no roots");
        List<Cid> roots = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Cid cid)) throw new IllegalArgumentException("CAR root is not a CID");
            roots.add(cid);
        }
        return new CarHeader(roots);
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, b.length);
        out.writeBytes(b);
    }

    private static void head(ByteArrayOutputStream out, int major, int n) {
        if (n < 24) {
            out.write((major << 5) | n);
        } else if (n < 256) {
            out.write((major << 5) | 24);
            out.write(n);
        } else if (n < 65536) {
            out.write((major << 5) | 25);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write((major << 5) | 26);
            for (int shift = 24; shift >= 0; shift -= 8) out.write(n >>> shift);
        }
    }
}
