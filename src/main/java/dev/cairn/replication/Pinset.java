package dev.cairn.replication;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.content.Cid;
import dev.cairn.store.Database;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The cluster pinset as this node knows it, in SQLite: per CID the winning {@link PinOp} (an add
 * or a tombstone), each numbered with this node's change sequence so that members pull only
 * what changed since their cursor. The epoch names this sequence; a member that sees a new
 * epoch reads everything again.
 */
public final class Pinset {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final String epoch;
    private long lastIssued;

    public Pinset(Database db) throws IOException {
        this.db = db;
        String e = meta("epoch");
        if (e == null) {
            e = UUID.randomUUID().toString();
            setMeta("epoch", e);
        }
        this.epoch = e;
    }

    public String epoch() {
        return epoch;
    }

    /** A page of changes: the operations past a sequence number, and where the next page starts. */
    public record Page(String epoch, List<PinOp> ops, long next, boolean more) {}

    /**
     * Keeps {@code op} if it wins over what is known for its CID (see {@link PinOp#supersedes});
     * true when it changed the pinset. The caller has checked the signature.
     */
    public boolean merge(PinOp op) throws IOException {
        synchronized (db) {
            try {
                Optional<PinOp> current = getLocked(op.cid());
                if (current.isPresent() && !op.supersedes(current.get())) return false;
                try (PreparedStatement ps = db.connection().prepareStatement("""
                        INSERT INTO cluster_pins (key, op, action, ts, op_id, seq) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (key) DO UPDATE SET op = excluded.op, action = excluded.action, ts = excluded.ts,
                          op_id = excluded.op_id, seq = excluded.seq""")) {
                    ps.setString(1, op.cid().toV1().toString());
                    ps.setString(2, JSON.writeValueAsString(op.toJson()));
                    ps.setString(3, op.action().label());
                    ps.setLong(4, op.ts());
                    ps.setString(5, op.opId());
                    ps.setLong(6, currentSeqLocked() + 1);
                    ps.executeUpdate();
                }
                return true;
            } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException("cannot record pin operation for " + op.cid() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The time for a new operation of this node: the wall clock, but above every operation
     * already known, so it wins over anything this node has seen.
     */
    public long nextTime() throws IOException {
        synchronized (db) {
            long seen = scalar("SELECT COALESCE(MAX(ts), 0) FROM cluster_pins");
            lastIssued = Math.max(System.currentTimeMillis(), Math.max(seen, lastIssued) + 1);
            return lastIssued;
        }
    }

    public Optional<PinOp> get(Cid cid) throws IOException {
        synchronized (db) {
            return getLocked(cid);
        }
    }

    private Optional<PinOp> getLocked(Cid cid) throws IOException {
        List<PinOp> ops = query("SELECT op FROM cluster_pins WHERE key = ?", cid.toV1().toString(), 0);
        return ops.stream().findFirst();
    }

    /** Every operation known, adds and tombstones, oldest change first. */
    public List<PinOp> all() throws IOException {
        return query("SELECT op FROM cluster_pins ORDER BY seq", null, 0);
    }

    /** The live pins (adds). */
    public List<PinOp> pins() throws IOException {
        return query("SELECT op FROM cluster_pins WHERE action = 'add' ORDER BY seq", null, 0);
    }

    public long currentSeq() throws IOException {
        synchronized (db) {
            return currentSeqLocked();
        }
    }

    private long currentSeqLocked() throws IOException {
        return scalar("SELECT COALESCE(MAX(seq), 0) FROM cluster_pins");
    }

    public Page since(long seq, int limit) throws IOException {
        synchronized (db) {
            List<PinOp> ops = query("SELECT op FROM cluster_pins WHERE seq > ? ORDER BY seq LIMIT " + (limit + 1), null, seq);
            boolean more = ops.size() > limit;
            if (more) ops = ops.subList(0, limit);
            long next = more ? scalar("SELECT seq FROM cluster_pins WHERE seq > " + seq + " ORDER BY seq LIMIT 1 OFFSET " + (limit - 1))
                    : currentSeqLocked();
            return new Page(epoch, new ArrayList<>(ops), next, more);
        }
    }

    /** Forgets removals older than {@code before} (Unix ms): the tombstone has had its time to reach every member. */
    public int expireTombstones(long before) throws IOException {
        return update("DELETE FROM cluster_pins WHERE action = 'remove' AND ts < ?", before);
    }

    /**
     * After a long absence: drops what this node knew at {@code knownUntil} (Unix ms) that the
     * member it rejoined through does not hold, add or tombstone. Those are removals whose
     * tombstones expired meanwhile; keeping them would bring removed pins back.
     */
    public int dropAbsent(long knownUntil, Collection<Cid> memberHas) throws IOException {
        synchronized (db) {
            java.util.Set<String> keep = new java.util.HashSet<>();
            for (Cid c : memberHas) keep.add(c.toV1().toString());
            int dropped = 0;
            for (PinOp op : query("SELECT op FROM cluster_pins WHERE ts <= ?", null, knownUntil)) {
                String key = op.cid().toV1().toString();
                if (keep.contains(key)) continue;
                try (PreparedStatement ps = db.connection().prepareStatement("DELETE FROM cluster_pins WHERE key = ?")) {
                    ps.setString(1, key);
                    dropped += ps.executeUpdate();
                } catch (SQLException e) {
                    throw new IOException("cannot change the pinset: " + e.getMessage(), e);
                }
            }
            return dropped;
        }
    }

    // ---- cursors into members' pinsets, and the time of the last exchange ----

    public record Cursor(String epoch, long seq) {}

    public Optional<Cursor> cursor(String peerId) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT epoch, seq FROM cluster_cursors WHERE peer_id = ?")) {
                ps.setString(1, peerId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Cursor(rs.getString(1), rs.getLong(2))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IOException("cannot read pinset cursor: " + e.getMessage(), e);
            }
        }
    }

    public void setCursor(String peerId, Cursor c) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("""
                    INSERT INTO cluster_cursors (peer_id, epoch, seq) VALUES (?, ?, ?)
                    ON CONFLICT (peer_id) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq""")) {
                ps.setString(1, peerId);
                ps.setString(2, c.epoch());
                ps.setLong(3, c.seq());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot save pinset cursor: " + e.getMessage(), e);
            }
        }
    }

    public void clearCursors() throws IOException {
        update("DELETE FROM cluster_cursors WHERE 1 = ?", 1);
    }

    /** Unix ms of the last successful pull from a member; 0 if never. */
    public long lastSync() throws IOException {
        String v = meta("last_sync");
        return v == null ? 0 : Long.parseLong(v);
    }

    public void setLastSync(long at) throws IOException {
        setMeta("last_sync", Long.toString(at));
    }

    // ---- SQL ----

    private String meta(String k) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT v FROM cluster_meta WHERE k = ?")) {
                ps.setString(1, k);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            } catch (SQLException e) {
                throw new IOException("cannot read cluster state: " + e.getMessage(), e);
            }
        }
    }

    private void setMeta(String k, String v) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "INSERT INTO cluster_meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v")) {
                ps.setString(1, k);
                ps.setString(2, v);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot save cluster state: " + e.getMessage(), e);
            }
        }
    }

    private int update(String sql, long arg) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                ps.setLong(1, arg);
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot change the pinset: " + e.getMessage(), e);
            }
        }
    }

    private long scalar(String sql) throws IOException {
        try (PreparedStatement ps = db.connection().prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IOException("cannot read the pinset: " + e.getMessage(), e);
        }
    }

    private List<PinOp> query(String sql, String key, long number) throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                if (sql.contains("?")) {
                    if (key != null) ps.setString(1, key);
                    else ps.setLong(1, number);
                }
                List<PinOp> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(PinOp.fromJson(JSON.readTree(rs.getString(1))));
                }
                return out;
            } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException("cannot read the pinset: " + e.getMessage(), e);
            }
        }
    }
}
