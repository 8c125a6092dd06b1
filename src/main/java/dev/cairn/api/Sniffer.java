package dev.cairn.api;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Content type from the first bytes, for content the catalog knows nothing about. */
final class Sniffer {
    private Sniffer() {}

    static String mime(byte[] h) {
        if (starts(h, "ID3") || (h.length > 1 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xE0) == 0xE0)) return "audio/mpeg";
        if (starts(h, "fLaC")) return "audio/flac";
        if (starts(h, "OggS")) return "audio/ogg";
        if (h.length > 11 && new String(h, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) return "audio/mp4";
        if (starts(h, "RIFF") && h.length > 11 && new String(h, 8, 4, StandardCharsets.ISO_8859_1).equals("WAVE")) return "audio/wav";
        if (starts(h, "\u0089PNG")) return "image/png";
        if (h.length > 2 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8) return "image/jpeg";
        if (starts(h, "GIF8")) return "image/gif";
        if (starts(h, "%PDF")) return "application/pdf";
        if (isUtf8Text(h)) return "text/plain; charset=utf-8";
        return "application/octet-stream";
    }

    private static boolean starts(byte[] h, String magic) {
        if (h.length < magic.length()) return false;
        for (int i = 0; i < magic.length(); i++) if ((h[i] & 0xFF) != magic.charAt(i)) return false;
        return true;
    }

    private static boolean isUtf8Text(byte[] h) {
        for (byte b : h) if (b == 0 || (b >= 1 && b < 9)) return false;
        try {
            // a sequence cut at the end of the sample is fine
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(h, 0, Math.max(0, h.length - 3)));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
