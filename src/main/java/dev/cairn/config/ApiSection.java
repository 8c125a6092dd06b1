package dev.cairn.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code api.*}: limits of the HTTP API. Rate limits are per client address and minute, 0 for none. */
public record ApiSection(long maxBodyBytes, long maxHeaderBytes, int writeRateLimitPerMinute, int readRateLimitPerMinute,
        Duration idleTimeout, Optional<Path> tokenFile) {
    static ApiSection from(Values v) {
        return new ApiSection(v.get(Keys.API_MAX_BODY_BYTES), v.get(Keys.API_MAX_HEADER_BYTES), v.get(Keys.API_WRITE_RATE_LIMIT_PER_MINUTE),
                v.get(Keys.API_READ_RATE_LIMIT_PER_MINUTE), v.get(Keys.API_IDLE_TIMEOUT), v.get(Keys.API_TOKEN_FILE));
    }
}
