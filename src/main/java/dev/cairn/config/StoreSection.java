package dev.cairn.config;

import java.time.Duration;

/**
 * {@code store.*}: {@code max_bytes} is the block store quota, 0 for none; {@code reverify_after}
 * how long a block hashed on read is trusted while its file is unchanged.
 */
public record StoreSection(long maxBytes, Duration reverifyAfter) {
    static StoreSection from(Values v) {
        return new StoreSection(v.get(Keys.STORE_MAX_BYTES), v.get(Keys.STORE_REVERIFY_AFTER));
    }
}
