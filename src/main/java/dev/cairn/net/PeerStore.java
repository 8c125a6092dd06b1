package dev.cairn.net;

import dev.cairn.store.Database;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Verified peers in SQLite, so a restarted node reconnects to the network it knew. */
final class PeerStore {
    record Saved(String peerId, PeerAddress address, long lastSeen) {}

    private final Database db;

    PeerStore(Database db) {
        this.db = db;
    }

    List<Saved> load() throws IOException {
        List<Saved> out = new ArrayList<>();
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT peer_id, host, port, last_seen FROM peers");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        out.add(new Saved(rs.getString(1), new PeerAddress(rs.getString(2), rs.getInt(3)), rs.getLong(4)));
                    } catch (IllegalArgumentException skipped) {
                        // a row written by an older version with an address this one refuses: forget it
                    }
                }
            } catch (SQLException e) {
                throw new IOException("cannot read peers: " + e.getMessage(), e);
            }
        }
        return out;
    }

    void save(Peer p) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("""
                    INSERT INTO peers (peer_id, host, port, last_seen, added_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (peer_id) DO UPDATE SET host = excluded.host, port = excluded.port, last_seen = excluded.last_seen""")) {
                ps.setString(1, p.id());
                ps.setString(2, p.address().host());
                ps.setInt(3, p.address().port());
                ps.setLong(4, p.lastSeen());
                ps.setLong(5, System.currentTimeMillis());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot save peer " + p.id() + ": " + e.getMessage(), e);
            }
        }
    }

    void delete(String peerId) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("DELETE FROM peers WHERE peer_id = ?")) {
                ps.setString(1, peerId);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot delete peer " + peerId + ": " + e.getMessage(), e);
            }
        }
    }
}
