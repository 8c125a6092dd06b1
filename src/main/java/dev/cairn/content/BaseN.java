package dev.cairn.content;

import java.util.function.IntUnaryOperator;

/**
 * Radix conversion for the "leading zeros kept" alphabets (base58btc, base36): each leading
 * zero byte becomes one leading zero digit. Quadratic, which is fine for identifiers.
 */
final class BaseN {
    private BaseN() {}

    static String encode(byte[] input, int base, char[] alphabet) {
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) zeros++;
        byte[] digits = new byte[input.length * 2 + 1];
        int length = 0;
        for (int i = zeros; i < input.length; i++) {
            int carry = input[i] & 0xFF;
            for (int j = 0; j < length; j++) {
                carry += (digits[j] & 0xFF) << 8;
                digits[j] = (byte) (carry % base);
                carry /= base;
            }
            while (carry > 0) {
                digits[length++] = (byte) (carry % base);
                carry /= base;
            }
        }
        StringBuilder sb = new StringBuilder(zeros + length);
        for (int i = 0; i < zeros; i++) sb.append(alphabet[0]);
        for (int i = length - 1; i >= 0; i--) sb.append(alphabet[digits[i]]);
        return sb.toString();
    }

    static byte[] decode(String input, int base, char zeroDigit, IntUnaryOperator digitOf, String name) {
        int zeros = 0;
        while (zeros < input.length() && input.charAt(zeros) == zeroDigit) zeros++;
        byte[] bytes = new byte[input.length()];
        int length = 0;
        for (int i = zeros; i < input.length(); i++) {
            int digit = digitOf.applyAsInt(input.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("invalid " + name + " character '" + input.charAt(i) + "' at position " + i);
            }
            int carry = digit;
            for (int j = 0; j < length; j++) {
                carry += (bytes[j] & 0xFF) * base;
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            while (carry > 0) {
                bytes[length++] = (byte) carry;
                carry >>>= 8;
            }
        }
        byte[] out = new byte[zeros + length];
        for (int i = 0; i < length; i++) out[zeros + i] = bytes[length - 1 - i];
        return out;
    }
}
