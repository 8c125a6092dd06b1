package dev.cairn.config;

/** The effective configuration, one record per section. Immutable once loaded. */
public record Config(StoreSection store) {
    public static final Config DEFAULTS = new Config(StoreSection.DEFAULTS);
}
