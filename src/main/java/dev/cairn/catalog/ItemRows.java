package dev.cairn.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.content.Cid;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The item columns shared by {@code items}, {@code remote_items} and the change feed, and how an
 * {@link Item} is written to and read from them, so the three cannot drift apart.
 */
final class ItemRows {
    /** How many columns {@link #columns} names, in the order {@link #bind} and {@link #read} use. */
    static final int COUNT = 16;
    private static final List<String> NAMES = List.of("cid", "sha256", "size", "name", "mime", "title", "artist", "album", "genre",
            "year", "track_number", "duration", "tags", "custom", "created_at", "updated_at");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ItemRows() {}

    /** The column list, each prefixed with {@code alias.} unless the alias is empty. */
    static String columns(String alias) {
        String prefix = alias.isEmpty() ? "" : alias + ".";
        return prefix + String.join(", " + prefix, NAMES);
    }

    /** "?, ?, ..." for one item's columns. */
    static String placeholders() {
        return String.join(", ", Collections.nCopies(COUNT, "?"));
    }

    /** "name = excluded.name, ..." for every column but the key {@code cid} and those in {@code keep}. */
    static String updateFromExcluded(String... keep) {
        List<String> kept = List.of(keep);
        return String.join(", ", NAMES.stream().filter(n -> !n.equals("cid") && !kept.contains(n))
                .map(n -> n + " = excluded." + n).toList());
    }

    /** Binds the item's columns to parameters {@code first} .. {@code first + COUNT - 1}. */
    static void bind(PreparedStatement ps, int first, Item item) throws SQLException, IOException {
        ps.setString(first, item.cid().toString());
        ps.setString(first + 1, item.sha256());
        ps.setLong(first + 2, item.size());
        ps.setString(first + 3, item.name());
        ps.setString(first + 4, item.mime());
        ps.setString(first + 5, item.title());
        ps.setString(first + 6, item.artist());
        ps.setString(first + 7, item.album());
        ps.setString(first + 8, item.genre());
        setInt(ps, first + 9, item.year());
        setInt(ps, first + 10, item.trackNumber());
        if (item.duration() == null) ps.setNull(first + 11, Types.REAL);
        else ps.setDouble(first + 11, item.duration());
        ps.setString(first + 12, json(item.tags()));
        ps.setString(first + 13, json(item.custom()));
        ps.setLong(first + 14, item.createdAt());
        ps.setLong(first + 15, item.updatedAt());
    }

    /** The item in columns {@code first} .. {@code first + COUNT - 1} of the current row. */
    static Item read(ResultSet rs, int first) throws SQLException, IOException {
        return new Item(Cid.parse(rs.getString(first)), rs.getString(first + 1), rs.getLong(first + 2), rs.getString(first + 3),
                rs.getString(first + 4), rs.getString(first + 5), rs.getString(first + 6), rs.getString(first + 7),
                rs.getString(first + 8), getInt(rs, first + 9), getInt(rs, first + 10), getDouble(rs, first + 11),
                JSON.readValue(rs.getString(first + 12), new TypeReference<List<String>>() {}),
                JSON.readValue(rs.getString(first + 13), new TypeReference<Map<String, Object>>() {}), rs.getLong(first + 14),
                rs.getLong(first + 15));
    }

    static <T> T readJson(String text, TypeReference<T> type) throws IOException {
        return JSON.readValue(text, type);
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
