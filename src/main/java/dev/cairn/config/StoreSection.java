package dev.cairn.config;

/** {@code store.*}: {@code max_bytes} is the block store quota, 0 for none. */
public record StoreSection(long maxBytes) {
    public static final StoreSection DEFAULTS = new StoreSection(0);
}
