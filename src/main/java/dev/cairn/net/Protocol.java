package dev.cairn.net;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Constants and signed forms of the peer protocol (docs/PROTOCOL.md). The protocol is HTTP on
 * the node's own port: the seed's {@code POST /discover} and {@code GET /peers}, the
 * versioned {@code /cairn/v1/...} endpoints, and blocks through the trustless gateway.
 */
public final class Protocol {
    public static final String VERSION = "cairn/1";
    public static final String PREFIX = "/cairn/v1";
    /** Sent by a node on every request to a peer, with its peer id: marks peer traffic (upload cap, metrics). */
    public static final String PEER_HEADER = "X-Cairn-Peer";
    /** Most CIDs asked in one {@code have} request. */
    public static final int MAX_HAVE = 4096;
    /** Most library changes in one page. */
    public static final int LIBRARY_PAGE = 500;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Protocol() {}

    /** 32 random bytes, base64url: what the caller of /discover asks the other side to sign. */
    public static String newChallenge() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    /**
     * The bytes a node signs to answer a challenge: a fixed context string (so the signature
     * can never be replayed as anything else), the challenge, and the record it vouches for.
     */
    public static byte[] discoverPayload(String challenge, String peerId, String host, int port) {
        return ("cairn-discover-v1\n" + challenge + "\n" + peerId + "\n" + host + "\n" + port + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static String encode(byte[] b) {
        return B64.encodeToString(b);
    }

    public static byte[] decode(String s) {
        return Base64.getUrlDecoder().decode(s);
    }
}
