package dev.cairn.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.content.Cid;
import dev.cairn.store.Database;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The library in SQLite: one row per added file, found by CID or by whole-file SHA-256, and
 * searched with FTS5 over title, artist, album, genre, name, tags and custom metadata.
 */
public final class Catalog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "cid, sha256, size, name, mime, title, artist, album, genre, year, track_number, "
            + "duration, tags, custom, created_at, updated_at";

    private final Database db;

    public Catalog(Database db) {
        this.db = db;
    }

    /** Inserts or replaces the item with this CID, keeping the first created time. */
    public void put(Item item) throws IOException {
        String sql = "INSERT INTO items (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT (cid) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, name = excluded.name, "
                + "mime = excluded.mime, title = excluded.title, artist = excluded.artist, album = excluded.album, "
                + "genre = excluded.genre, year = excluded.year, track_number = excluded.track_number, "
                + "duration = excluded.duration, tags = excluded.tags, custom = excluded.custom, updated_at = excluded.updated_at";
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                ps.setString(1, item.cid().toString());
                ps.setString(2, item.sha256());
                ps.setLong(3, item.size());
                ps.setString(4, item.name());
                ps.setString(5, item.mime());
                ps.setString(6, item.title());
                ps.setString(7, item.artist());
                ps.setString(8, item.album());
                ps.setString(9, item.genre());
                setInt(ps, 10, item.year());
                setInt(ps, 11, item.trackNumber());
                if (item.duration() == null) ps.setNull(12, Types.REAL);
                else ps.setDouble(12, item.duration());
                ps.setString(13, json(item.tags()));
                ps.setString(14, json(item.custom()));
                ps.setLong(15, item.createdAt());
                ps.setLong(16, item.updatedAt());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot save item " + item.cid() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Finds an item by CID (any form) or by whole-file SHA-256 (64 hex digits). */
    public Optional<Item> find(String id) throws IOException {
        if (isSha256(id)) return first("SELECT " + COLUMNS + " FROM items WHERE sha256 = ? ORDER BY created_at LIMIT 1",
                id.toLowerCase(Locale.ROOT));
        Cid cid = Cid.parse(id);
        Optional<Item> exact = first("SELECT " + COLUMNS + " FROM items WHERE cid = ?", cid.toString());
        if (exact.isPresent() || cid.version() == 1) return exact;
        return first("SELECT " + COLUMNS + " FROM items WHERE cid = ?", cid.toV1().toString());
    }

    public static boolean isSha256(String id) {
        if (id.length() != 64) return false;
        for (int i = 0; i < 64; i++) if (Character.digit(id.charAt(i), 16) < 0) return false;
        return true;
    }

    /** A page of items, newest first, and how many match in all. */
    public record Page(List<Item> items, long total) {}

    public Page list(CatalogQuery q) throws IOException {
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        List<Object> args = new ArrayList<>();
        String fts = q.q() == null ? null : FtsQuery.of(q.q());
        if (q.q() != null && fts == null) return new Page(List.of(), 0);
        if (fts != null) {
            where.append(" AND rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)");
            args.add(fts);
        }
        filter(where, args, "artist", q.artist());
        filter(where, args, "album", q.album());
        filter(where, args, "genre", q.genre());
        synchronized (db) {
            try {
                long total;
                try (PreparedStatement ps = db.connection().prepareStatement("SELECT count(*) FROM items" + where)) {
                    bind(ps, args);
                    try (ResultSet rs = ps.executeQuery()) {
                        total = rs.getLong(1);
                    }
                }
                String sql = "SELECT " + COLUMNS + " FROM items" + where + " ORDER BY created_at DESC, cid LIMIT ? OFFSET ?";
                try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                    bind(ps, args);
                    ps.setInt(args.size() + 1, q.limit());
                    ps.setInt(args.size() + 2, q.offset());
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

    private static void filter(StringBuilder where, List<Object> args, String column, String value) {
        if (value == null || value.isBlank()) return;
        where.append(" AND ").append(column).append(" = ? COLLATE NOCASE");
        args.add(value);
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

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
    }

    private static List<Item> read(PreparedStatement ps) throws SQLException, IOException {
        List<Item> items = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                items.add(new Item(Cid.parse(rs.getString(1)), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), getInt(rs, 10), getInt(rs, 11),
                        getDouble(rs, 12), JSON.readValue(rs.getString(13), new TypeReference<List<String>>() {}),
                        JSON.readValue(rs.getString(14), new TypeReference<Map<String, Object>>() {}), rs.getLong(15),
                        rs.getLong(16)));
            }
        }
        return items;
    }

    private static String json(Object value) throws IOException {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot encode metadata: " + e.getOriginalMessage(), e);
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER);
        else ps.setInt(i, v);
    }

    private static Integer getInt(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    private static Double getDouble(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }
}
