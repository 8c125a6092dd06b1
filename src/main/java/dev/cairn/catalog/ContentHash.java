package dev.cairn.catalog;

/**
 * The seeds' whole-file SHA-256, as an item id: 64 hex digits. Apart from {@link Catalog} so
 * that a command telling a SHA-256 from a CID does not load the catalog (and the JSON mapper
 * its rows use), which cost a `cairn get` through a node about 0.04 s before its request.
 */
public final class ContentHash {
    private ContentHash() {}

    /** Whether {@code id} is a whole-file SHA-256 in hex (either case), not a CID. */
    public static boolean isSha256(String id) {
        if (id.length() != 64) return false;
        for (int i = 0; i < 64; i++) if (Character.digit(id.charAt(i), 16) < 0) return false;
        return true;
    }
}
