package dev.cairn.api;

import java.time.Duration;

/** How the HTTP server listens and what it allows. */
public record ServerOptions(String host, int port, int writesPerMinute, int readsPerMinute, long maxJsonBytes,
        long maxUploadBytes, int maxHeaderBytes, Duration idleTimeout, boolean metrics) {

    public static ServerOptions defaults(String host, int port) {
        return new ServerOptions(host, port, 100, 0, 1 << 20, 0, 16 * 1024, Duration.ofSeconds(30), true);
    }
}
