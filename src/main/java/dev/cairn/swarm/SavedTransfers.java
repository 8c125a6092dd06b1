package dev.cairn.swarm;

import dev.cairn.content.Cid;
import dev.cairn.store.Database;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The downloads a user asked for that have not ended, in SQLite ({@code transfers}), so that
 * a node restarted (or killed) mid-download takes them up again when it starts. A row is
 * written before the download runs and deleted when it ends, unless it ended because the node
 * was stopping.
 */
final class SavedTransfers {
    /** A download to take up again. */
    record Saved(String id, Cid root, Download.Keep keep, long startedAt) {}

    private final Database db;

    SavedTransfers(Database db) {
        this.db = db;
    }

    void save(Download d) throws IOException {
        update("INSERT OR REPLACE INTO transfers (id, cid, keep, started_at) VALUES (?, ?, ?, ?)",
                d.id(), d.root().toString(), d.keep().name(), d.startedAt());
    }

    void remove(String id) throws IOException {
        update("DELETE FROM transfers WHERE id = ?", id);
    }

    /** Every saved download, oldest first; a row that no longer parses is dropped. */
    List<Saved> all() throws IOException {
        List<Saved> out = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "SELECT id, cid, keep, started_at FROM transfers ORDER BY started_at, id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        out.add(new Saved(rs.getString(1), Cid.parse(rs.getString(2)), Download.Keep.valueOf(rs.getString(3)), rs.getLong(4)));
                    } catch (RuntimeException e) {
                        broken.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new IOException("cannot read the saved transfers: " + e.getMessage(), e);
            }
        }
        for (String id : broken) remove(id);
        return out;
    }

    private void update(String sql, Object... args) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot save the transfer list: " + e.getMessage(), e);
            }
        }
    }
}
