package dev.cairn.keys;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One PEM block (RFC 7468): a label and the DER bytes between the BEGIN and END lines. */
record Pem(String label, byte[] der) {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END ([A-Z0-9 ]+)-----");
    /** A key file is a few hundred bytes; anything much larger is not one. */
    static final int MAX_FILE_BYTES = 64 * 1024;

    /** The first PEM block in {@code text}; IllegalArgumentException if there is none or it is broken. */
    static Pem parse(String text) {
        Matcher m = BLOCK.matcher(text);
        if (!m.find()) throw new IllegalArgumentException("not a PEM file (no -----BEGIN ...----- / -----END ...----- block)");
        if (!m.group(1).equals(m.group(3))) {
            throw new IllegalArgumentException("PEM block begins as " + m.group(1) + " but ends as " + m.group(3));
        }
        try {
            return new Pem(m.group(1), Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM block " + m.group(1) + " is not valid base64: " + e.getMessage());
        }
    }

    /** The text form, 64 characters a line as OpenSSL writes it. */
    String encode() {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
