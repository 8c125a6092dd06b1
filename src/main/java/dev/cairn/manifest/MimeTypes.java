package dev.cairn.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Media types for manifest entries: {@code type/subtype} with optional parameters, as HTTP would send them. */
public final class MimeTypes {
    public static final String DEFAULT = "application/octet-stream";
    private static final String TOKEN = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*";
    private static final Pattern VALID = Pattern.compile(TOKEN + "/" + TOKEN + "(\\s*;\\s*" + TOKEN + "=[\\x21-\\x7e]+)*");

    private MimeTypes() {}

    public static boolean isValid(String mime) {
        return mime.length() <= 255 && VALID.matcher(mime).matches();
    }

    /** {@code known} (what the catalog read from the content) if any, else a guess from the file name, else octet-stream. */
    public static String of(Path file, String known) {
        if (known != null && isValid(known)) return known;
        try {
            String guess = Files.probeContentType(file);
            if (guess != null && isValid(guess)) return guess;
        } catch (IOException | SecurityException e) {
            // no guess: the default below is always true
        }
        return DEFAULT;
    }
}
