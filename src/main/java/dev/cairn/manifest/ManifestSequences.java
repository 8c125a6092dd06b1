package dev.cairn.manifest;

import dev.cairn.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * The highest sequence accepted per manifest name ({@code manifest_sequences} in the data
 * directory's database), so that an older manifest of a name, replayed, is refused. The row
 * also keeps the accepted manifest's digest: the same sequence again is accepted only as the
 * same manifest.
 */
public final class ManifestSequences implements AutoCloseable {
    /** The manifest of a name with the highest sequence accepted so far. */
    public record Seen(String name, long sequence, String signer, String digest, long seenAtMillis) {}

    private final Connection connection;
    private final Object lock;
    private final boolean writable;
    private final boolean ownsConnection;

    private ManifestSequences(Connection connection, Object lock, boolean writable, boolean ownsConnection) {
        this.connection = connection;
        this.lock = lock;
        this.writable = writable;
        this.ownsConnection = ownsConnection;
    }

    /** Reads and records through the repository's database (its one connection, shared under its lock). */
    public ManifestSequences(Database db) {
        this(db.connection(), db, true, false);
    }

    /**
     * Reads {@code dbFile} with a read-only connection of its own: for a database a running node
     * owns, which checks against what the node accepted and records nothing.
     */
    public static ManifestSequences openReadOnly(Path dbFile) throws IOException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile, config.toProperties());
            return new ManifestSequences(c, new Object(), false, true);
        } catch (SQLException e) {
            throw new IOException("cannot open database " + dbFile + " to read: " + e.getMessage(), e);
        }
    }

    /** False for a read-only view: {@link #record} is then refused. */
    public boolean writable() {
        return writable;
    }

    public Optional<Seen> highest(String name) throws IOException {
        synchronized (lock) {
            try {
                if (!writable && !tableExists()) return Optional.empty(); // a node from before manifests: nothing seen
                try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT sequence, signer, digest, seen_at FROM manifest_sequences WHERE name = ?")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) return Optional.empty();
                        return Optional.of(new Seen(name, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                    }
                }
            } catch (SQLException e) {
                throw new IOException("cannot read the sequence seen for manifest " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Records that {@code sequence} of {@code name} was accepted. Only ever raises the stored
     * sequence, in one statement, so two verifications racing cannot lower it.
     */
    public void record(String name, long sequence, String signer, String digest) throws IOException {
        if (!writable) throw new IllegalStateException("this view of the manifest sequences is read-only");
        String sql = """
                INSERT INTO manifest_sequences (name, sequence, signer, digest, seen_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET
                  sequence = excluded.sequence, signer = excluded.signer, digest = excluded.digest, seen_at = excluded.seen_at
                WHERE excluded.sequence > manifest_sequences.sequence""";
        synchronized (lock) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, name);
                ps.setLong(2, sequence);
                ps.setString(3, signer);
                ps.setString(4, digest);
                ps.setLong(5, System.currentTimeMillis());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("cannot record sequence " + sequence + " of manifest " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private boolean tableExists() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'manifest_sequences'");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    @Override
    public void close() {
        if (!ownsConnection) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a read-only connection has nothing to lose
        }
    }
}
