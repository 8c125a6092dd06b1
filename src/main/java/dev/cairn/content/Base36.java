package dev.cairn.content;

/** Lower-case base36 (multibase 'k'), used for CIDs in DNS labels. Input is case-insensitive. */
final class Base36 {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private Base36() {}

    static String encode(byte[] input) {
        return BaseN.encode(input, 36, ALPHABET);
    }

    static byte[] decode(String input) {
        // ASCII only: Character.digit alone also accepts other scripts' digits and fullwidth letters
        return BaseN.decode(input, 36, '0', c -> c < 128 ? Character.digit(c, 36) : -1, "base36");
    }
}
