package dev.cairn.util;

/** Showing untrusted text in one-line messages: printable, and short. */
public final class Text {
    private Text() {}

    public static String shorten(String s) {
        if (s == null) return "null";
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(80).forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return s.codePointCount(0, s.length()) > 80 ? out + "..." : out.toString();
    }
}
