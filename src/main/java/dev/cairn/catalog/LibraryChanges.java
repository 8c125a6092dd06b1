package dev.cairn.catalog;

import dev.cairn.content.Cid;
import dev.cairn.store.Database;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The library as a feed of changes for peers: every insert, edit and delete of an item gets the
 * next sequence number (database triggers keep {@code library_changes}, whatever code changed
 * the item), so a peer that has read up to N asks only for what came after N. Only the latest
 * change of each CID is kept, which is all a copy needs. The epoch names this database: when it
 * is recreated its numbers restart, and a peer seeing a new epoch reads everything again.
 */
public final class LibraryChanges {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    public LibraryChanges(Database db) {
        this.db = db;
    }

    /** One CID's latest change: its item, or null when it was deleted. */
    public record Change(long seq, Cid cid, Item item) {
        public Change {
            Objects.requireNonNull(cid, "cid");
            if (item != null && !item.cid().equals(cid)) {
                throw new IllegalArgumentException("change of " + cid + " carries the item of " + item.cid());
            }
        }

        public boolean deleted() {
            return item == null;
        }
    }

    /**
     * A batch of changes in sequence order. {@code next} is the sequence number to ask from
     * next time (the last one here, or the one asked from when there is none); {@code more} says
     * whether changes past it exist already.
     */
    public record Changes(String epoch, List<Change> changes, long next, boolean more) {
        public Changes {
            changes = List.copyOf(changes);
        }
    }

    /** This database's library epoch, made (16 random bytes, hex) the first time it is asked for. */
    public String epoch() throws IOException {
        synchronized (db) {
            try {
                try (PreparedStatement ps = db.connection().prepareStatement(
                        "INSERT INTO library_meta (key, value) VALUES ('epoch', ?) ON CONFLICT (key) DO NOTHING")) {
                    byte[] id = new byte[16];
                    RANDOM.nextBytes(id);
                    ps.setString(1, HexFormat.of().formatHex(id));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = db.connection().prepareStatement("SELECT value FROM library_meta WHERE key = 'epoch'");
                        ResultSet rs = ps.executeQuery()) {
                    return rs.getString(1);
                }
            } catch (SQLException e) {
                throw new IOException("cannot read the library epoch: " + e.getMessage(), e);
            }
        }
    }

    /** The sequence number of the latest change, 0 for a library that never had an item. */
    public long currentSeq() throws IOException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT coalesce(max(seq), 0) FROM library_changes");
                    ResultSet rs = ps.executeQuery()) {
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IOException("cannot read the library sequence: " + e.getMessage(), e);
            }
        }
    }

    /** At most {@code limit} changes after {@code seq}, oldest first. */
    public Changes since(long seq, int limit) throws IOException {
        if (seq < 0) throw new IllegalArgumentException("seq must not be negative, got " + seq);
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        String sql = "SELECT c.seq, c.cid, c.deleted, " + ItemRows.columns("i") + " FROM library_changes c "
                + "LEFT JOIN items i ON i.cid = c.cid WHERE c.seq > ? ORDER BY c.seq LIMIT ?";
        synchronized (db) {
            String epoch = epoch();
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                ps.setLong(1, seq);
                ps.setLong(2, limit + 1L); // one more than asked says whether there is more
                List<Change> changes = new ArrayList<>();
                boolean more = false;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (changes.size() == limit) {
                            more = true;
                            break;
                        }
                        boolean deleted = rs.getInt(3) != 0 || rs.getString(4) == null;
                        changes.add(new Change(rs.getLong(1), Cid.parse(rs.getString(2)), deleted ? null : ItemRows.read(rs, 4)));
                    }
                }
                long next = changes.isEmpty() ? seq : changes.getLast().seq();
                return new Changes(epoch, changes, next, more);
            } catch (SQLException e) {
                throw new IOException("cannot read library changes since " + seq + ": " + e.getMessage(), e);
            }
        }
    }
}
