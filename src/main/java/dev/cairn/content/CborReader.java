package dev.cairn.content;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict CBOR decoder for the dag-cbor CAR header: integers, byte and text strings,
 * arrays, maps with text keys, tag 42 (CID), booleans and null. Indefinite lengths and floats
 * are not dag-cbor and are rejected, as is nesting deeper than {@link #MAX_DEPTH}.
 */
final class CborReader {
    static final int MAX_DEPTH = 16;

    private final byte[] buf;
    private int pos;

    private CborReader(byte[] buf) {
        this.buf = buf;
    }

    static Object decode(byte[] bytes) {
        CborReader r = new CborReader(bytes);
        Object value = r.item(0);
        if (r.pos != bytes.length) throw new IllegalArgumentException("trailing bytes after CBOR value");
        return value;
    }

    private Object item(int depth) {
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("CBOR nested too deeply");
        int initial = next();
        int major = initial >>> 5;
        int info = initial & 31;
        if (major == 7) {
            return switch (info) {
                case 20 -> Boolean.FALSE;
                case 21 -> Boolean.TRUE;
                case 22 -> null;
                default -> throw new IllegalArgumentException("unsupported CBOR simple value or float " + info);
            };
        }
        long arg = argument(info);
        switch (major) {
            case 0:
                return arg;
            case 1:
                return -1 - arg;
            case 2:
                return take(arg);
            case 3:
                return new String(take(arg), StandardCharsets.UTF_8);
            case 4: {
                List<Object> list = new ArrayList<>();
                for (long i = 0; i < arg; i++) list.add(item(depth + 1));
                return list;
            }
            case 5: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (long i = 0; i < arg; i++) {
                    if (!(item(depth + 1) instanceof String key)) throw new IllegalArgumentException("CBOR map key is not a string");
                    if (map.containsKey(key)) throw new IllegalArgumentException("duplicate CBOR map key '" + key + "'");
                    map.put(key, item(depth + 1));
                }
                return map;
            }
            case 6: {
                Object value = item(depth + 1);
                if (arg != 42) throw new IllegalArgumentException("unsupported CBOR tag " + arg);
                if (!(value instanceof byte[] b) || b.length < 2 || b[0] != 0) {
                    throw new IllegalArgumentException("CBOR tag 42 must hold 0x00 followed by a binary CID");
                }
                return Cid.fromBytes(java.util.Arrays.copyOfRange(b, 1, b.length));
            }
            default:
                throw new IllegalStateException("unreachable CBOR major type " + major);
        }
    }

    private long argument(int info) {
        if (info < 24) return info;
        int bytes = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw new IllegalArgumentException("unsupported CBOR length encoding " + info);
        };
        long v = 0;
        for (int i = 0; i < bytes; i++) v = (v << 8) | next();
        if (v < 0) throw new IllegalArgumentException("CBOR integer too large");
        return v;
    }

    private byte[] take(long n) {
        if (n > buf.length - pos) throw new IllegalArgumentException("CBOR string runs past the end");
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    private int next() {
        if (pos >= buf.length) throw new IllegalArgumentException("truncated CBOR");
        return buf[pos++] & 0xFF;
    }
}
