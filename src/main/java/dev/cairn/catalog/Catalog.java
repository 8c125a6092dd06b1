package dev.cairn.catalog;

import dev.cairn.content.Cid;
import dev.cairn.store.Database;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The library in SQLite: one row per added file, found by CID or by whole-file SHA-256, and
 * searched with FTS5 over title, artist, album, genre, name, tags and custom metadata.
 */
public final class Catalog {
    private static final String COLUMNS = ItemRows.columns("");

    private final Database db;

    public Catalog(Database db) {
        this.db = db;
    }

    /** Inserts or replaces the item with this CID, keeping the first created time. */
    public void put(Item item) throws IOException {
        String sql = "INSERT INTO items (" + COLUMNS + ") VALUES (" + ItemRows.placeholders() + ") "
                + "ON CONFLICT (cid) DO UPDATE SET " + ItemRows.updateFromExcluded("created_at");
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                ItemRows.bind(ps, 1, item);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot save item " + item.cid() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Finds an item by CID (any form) or by whole-file SHA-256 (64 hex digits). */
    public Optional<Item> find(String id) throws IOException {
        if (ContentHash.isSha256(id)) return first("SELECT " + COLUMNS + " FROM items WHERE sha256 = ? ORDER BY created_at LIMIT 1",
                id.toLowerCase(Locale.ROOT));
        Cid cid = Cid.parse(id);
        Optional<Item> exact = first("SELECT " + COLUMNS + " FROM items WHERE cid = ?", cid.toString());
        if (exact.isPresent() || cid.version() == 1) return exact;
        return first("SELECT " + COLUMNS + " FROM items WHERE cid = ?", cid.toV1().toString());
    }

    /** A page of items, newest first, and how many match in all. */
    public record Page(List<Item> items, long total) {}

    public Page list(CatalogQuery q) throws IOException {
        ItemFilter filter = ItemFilter.of(q, "", "items_fts");
        String where = " WHERE 1=1" + filter.sql();
        synchronized (db) {
            try {
                long total;
                try (PreparedStatement ps = db.connection().prepareStatement("SELECT count(*) FROM items" + where)) {
                    filter.bind(ps, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        total = rs.getLong(1);
                    }
                }
                String sql = "SELECT " + COLUMNS + " FROM items" + where + " ORDER BY created_at DESC, cid LIMIT ? OFFSET ?";
                try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                    int next = filter.bind(ps, 1);
                    ps.setInt(next, q.limit());
                    ps.setInt(next + 1, q.offset());
                    return new Page(read(ps), total);
                }
            } catch (SQLException e) {
                throw new IOException("cannot list items: " + e.getMessage(), e);
            }
        }
    }

    public boolean delete(Cid cid) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("DELETE FROM items WHERE cid = ?")) {
                ps.setString(1, cid.toString());
                return ps.executeUpdate() > 0;
            } catch (SQLException e) {
                throw new IOException("cannot delete item " + cid + ": " + e.getMessage(), e);
            }
        }
    }

    /** Counts for /stats and /status: items, total bytes, distinct artists and albums. */
    public record Stats(long items, long bytes, long artists, long albums) {}

    public Stats stats() throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "SELECT count(*), coalesce(sum(size), 0), count(DISTINCT lower(artist)), count(DISTINCT lower(album)) FROM items");
                    ResultSet rs = ps.executeQuery()) {
                return new Stats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            } catch (SQLException e) {
                throw new IOException("cannot count items: " + e.getMessage(), e);
            }
        }
    }

    private Optional<Item> first(String sql, String arg) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                ps.setString(1, arg);
                return read(ps).stream().findFirst();
            } catch (SQLException e) {
                throw new IOException("cannot read items: " + e.getMessage(), e);
            }
        }
    }

    private static List<Item> read(PreparedStatement ps) throws SQLException, IOException {
        List<Item> items = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) items.add(ItemRows.read(rs, 1));
        }
        return items;
    }
}
