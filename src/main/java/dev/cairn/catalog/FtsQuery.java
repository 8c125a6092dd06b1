package dev.cairn.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns what a user typed into a safe FTS5 query: each word becomes a quoted prefix term and
 * all must match, so quotes, operators or parentheses in the input can never be a syntax error.
 */
final class FtsQuery {
    private FtsQuery() {}

    /** The FTS5 MATCH expression, or null when the input has no searchable word. */
    static String of(String input) {
        List<String> terms = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= input.length(); i++) {
            int c = i < input.length() ? input.codePointAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                word.appendCodePoint(c);
                if (Character.isSupplementaryCodePoint(c)) i++;
            } else if (!word.isEmpty()) {
                terms.add("\"" + word + "\"*");
                word.setLength(0);
            }
        }
        return terms.isEmpty() ? null : String.join(" AND ", terms);
    }
}
