package dev.cairn.catalog;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditions of a {@link CatalogQuery} over one table of items and its FTS5 index, as SQL to
 * append after a WHERE and the arguments to bind, so local and network listings filter alike.
 */
record ItemFilter(String sql, List<Object> args) {

    /**
     * @param alias the table's alias in the query, or "" for none
     * @param fts the table's FTS5 index, whose rowids are the table's
     */
    static ItemFilter of(CatalogQuery q, String alias, String fts) {
        String prefix = alias.isEmpty() ? "" : alias + ".";
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        if (q.q() != null) {
            String match = FtsQuery.of(q.q());
            // a search without a single word matches nothing rather than everything
            if (match == null) return new ItemFilter(" AND 0", List.of());
            sql.append(" AND ").append(prefix).append("rowid IN (SELECT rowid FROM ").append(fts).append(" WHERE ").append(fts)
                    .append(" MATCH ?)");
            args.add(match);
        }
        exact(sql, args, prefix + "artist", q.artist());
        exact(sql, args, prefix + "album", q.album());
        exact(sql, args, prefix + "genre", q.genre());
        return new ItemFilter(sql.toString(), List.copyOf(args));
    }

    /** Binds the arguments from parameter {@code first} on; returns the next free parameter. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        for (int i = 0; i < args.size(); i++) ps.setObject(first + i, args.get(i));
        return first + args.size();
    }

    private static void exact(StringBuilder sql, List<Object> args, String column, String value) {
        if (value == null || value.isBlank()) return;
        sql.append(" AND ").append(column).append(" = ? COLLATE NOCASE");
        args.add(value);
    }
}
