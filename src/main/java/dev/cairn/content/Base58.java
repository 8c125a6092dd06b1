package dev.cairn.content;

/** Bitcoin-alphabet base58, the encoding of CIDv0 and of multibase 'z'. */
final class Base58 {
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEXES = new int[128];

    static {
        java.util.Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length; i++) INDEXES[ALPHABET[i]] = i;
    }

    private Base58() {}

    static String encode(byte[] input) {
        return BaseN.encode(input, 58, ALPHABET);
    }

    static byte[] decode(String input) {
        return BaseN.decode(input, 58, ALPHABET[0], c -> c < 128 ? INDEXES[c] : -1, "base58btc");
    }
}
