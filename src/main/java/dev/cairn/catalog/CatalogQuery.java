package dev.cairn.catalog;

/** A page of the library: optional full-text {@code q} and exact (case-insensitive) filters. */
public record CatalogQuery(String q, String artist, String album, String genre, int limit, int offset) {
    public static final int MAX_LIMIT = 1000;

    public CatalogQuery {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }

    public static CatalogQuery all() {
        return new CatalogQuery(null, null, null, null, MAX_LIMIT, 0);
    }
}
