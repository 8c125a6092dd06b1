package dev.cairn.gateway;

import java.io.IOException;

/**
 * Thrown by a response body writer once the status and headers are gone: a block needed in
 * the middle of a CAR or a file is missing or invalid. The response is incomplete and cannot
 * be fixed any more, so the HTTP layer must abort the connection (not end the body normally),
 * so the client sees a truncated transfer rather than a short but seemingly complete one.
 */
public final class GatewayStreamException extends IOException {
    public GatewayStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
