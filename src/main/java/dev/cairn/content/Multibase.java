package dev.cairn.content;

import java.util.HexFormat;

/**
 * Multibase prefixes Cairn reads: base32 ('b', 'B'), base58btc ('z'), base36 ('k', 'K')
 * and base16 ('f', 'F'). Output is always base32 lower-case, the CIDv1 default.
 */
public final class Multibase {
    private Multibase() {}

    public static String encodeBase32(byte[] bytes) {
        return "b" + Base32.encode(bytes);
    }

    public static String encodeBase58(byte[] bytes) {
        return "z" + Base58.encode(bytes);
    }

    public static String encodeBase36(byte[] bytes) {
        return "k" + Base36.encode(bytes);
    }

    public static byte[] decode(String text) {
        if (text.isEmpty()) throw new IllegalArgumentException("empty multibase string");
        String body = text.substring(1);
        return switch (text.charAt(0)) {
            case 'b', 'B' -> Base32.decode(body);
            case 'z' -> Base58.decode(body);
            case 'k', 'K' -> Base36.decode(body);
            case 'f', 'F' -> HexFormat.of().parseHex(body.toLowerCase(java.util.Locale.ROOT));
            default -> throw new IllegalArgumentException("unsupported multibase prefix '" + text.charAt(0) + "'");
        };
    }

    static byte[] decodeBase58(String text) {
        return Base58.decode(text);
    }

    static String encodeBase58Plain(byte[] bytes) {
        return Base58.encode(bytes);
    }
}
