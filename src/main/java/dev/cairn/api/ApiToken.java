package dev.cairn.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The node's API token, made at first start in {@code <data-dir>/api.token} (mode 0600) and
 * read by the CLI. Writes must send it as {@code Authorization: Bearer <token>}.
 */
public final class ApiToken {
    private final byte[] token;

    private ApiToken(String token) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve("api.token");
    }

    /** Reads the token from {@code file}, creating it (32 random bytes, base64url) on first use. */
    public static ApiToken loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            Path tmp = file.resolveSibling("api.token.tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        return new ApiToken(Files.readString(file).strip());
    }

    /** Constant-time check of an Authorization header value. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, token);
    }

    public String value() {
        return new String(token, StandardCharsets.US_ASCII);
    }
}
