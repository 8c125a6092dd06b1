package dev.cairn.store;

import dev.cairn.content.Cid;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Pins in SQLite, keyed by CIDv1 so that a CID pinned as v0 can be unpinned as v1. */
public final class PinStore {
    private final Database db;

    public PinStore(Database db) {
        this.db = db;
    }

    /** Adds or updates a pin; a recursive pin is never downgraded to direct. */
    public void add(Cid cid, Pin.Mode mode, String name) throws IOException {
        String sql = """
                INSERT INTO pins (key, cid, mode, name, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET
                  mode = CASE WHEN pins.mode = 'recursive' THEN 'recursive' ELSE excluded.mode END,
                  name = COALESCE(excluded.name, pins.name)""";
        synchronized (db) {
            addLocked(cid, mode, name, sql);
        }
    }

    private void addLocked(Cid cid, Pin.Mode mode, String name, String sql) throws IOException {
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            ps.setString(1, cid.toV1().toString());
            ps.setString(2, cid.toString());
            ps.setString(3, mode.label());
            ps.setString(4, name);
            ps.setLong(5, System.currentTimeMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot record pin " + cid + ": " + e.getMessage(), e);
        }
    }

    public boolean remove(Cid cid) throws IOException {
        synchronized (db) {
            return removeLocked(cid);
        }
    }

    private boolean removeLocked(Cid cid) throws IOException {
        try (PreparedStatement ps = db.connection().prepareStatement("DELETE FROM pins WHERE key = ?")) {
            ps.setString(1, cid.toV1().toString());
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IOException("cannot remove pin " + cid + ": " + e.getMessage(), e);
        }
    }

    public Optional<Pin> get(Cid cid) throws IOException {
        return query("SELECT cid, mode, name, created_at FROM pins WHERE key = ?", cid.toV1().toString()).stream().findFirst();
    }

    public List<Pin> list() throws IOException {
        return query("SELECT cid, mode, name, created_at FROM pins ORDER BY created_at, key", null);
    }

    /**
     * Every root garbage collection keeps: the pins, and the DAGs held for the replication
     * cluster (as recursive pins). A cluster hold is kept apart from the user's pins so that
     * releasing it never removes a pin the user made.
     */
    public List<Pin> roots() throws IOException {
        return query("""
                SELECT cid, mode, name, created_at FROM pins
                UNION ALL SELECT cid, 'recursive', 'cluster', held_at FROM cluster_holds WHERE key NOT IN (SELECT key FROM pins)
                ORDER BY 4, 1""", null);
    }

    /** Keeps {@code cid}'s whole DAG for the cluster (the caller checked that it is complete). */
    public void hold(Cid cid) throws IOException {
        update("INSERT INTO cluster_holds (key, cid, held_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING", cid, true);
    }

    /** Stops keeping {@code cid} for the cluster; its blocks go at the next GC unless pinned. */
    public boolean release(Cid cid) throws IOException {
        return update("DELETE FROM cluster_holds WHERE key = ?", cid, false);
    }

    /** The CIDs (v1) held for the cluster. */
    public java.util.Set<Cid> holds() throws IOException {
        java.util.Set<Cid> out = new java.util.LinkedHashSet<>();
        for (Pin p : query("SELECT cid, 'recursive', NULL, held_at FROM cluster_holds ORDER BY held_at, key", null)) out.add(p.cid().toV1());
        return out;
    }

    private boolean update(String sql, Cid cid, boolean insert) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                ps.setString(1, cid.toV1().toString());
                if (insert) {
                    ps.setString(2, cid.toString());
                    ps.setLong(3, System.currentTimeMillis());
                }
                return ps.executeUpdate() > 0;
            } catch (SQLException e) {
                throw new IOException("cannot change cluster hold of " + cid + ": " + e.getMessage(), e);
            }
        }
    }

    private List<Pin> query(String sql, String key) throws IOException {
        synchronized (db) {
            return queryLocked(sql, key);
        }
    }

    private List<Pin> queryLocked(String sql, String key) throws IOException {
        try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
            if (key != null) ps.setString(1, key);
            List<Pin> pins = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pins.add(new Pin(Cid.parse(rs.getString(1)), Pin.Mode.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                            rs.getString(3), rs.getLong(4)));
                }
            }
            return pins;
        } catch (SQLException e) {
            throw new IOException("cannot read pins: " + e.getMessage(), e);
        }
    }
}
