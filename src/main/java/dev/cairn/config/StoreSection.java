package dev.cairn.config;

/** {@code store.*}: {@code max_bytes} is the block store quota, 0 for none. */
public record StoreSection(long maxBytes) {
    static StoreSection from(Values v) {
        return new StoreSection(v.get(Keys.STORE_MAX_BYTES));
    }
}
