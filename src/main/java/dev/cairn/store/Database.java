package dev.cairn.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The data directory's SQLite database ({@code cairn.db}) in WAL mode with full sync, so a
 * committed transaction survives a crash. The schema is versioned with {@code user_version};
 * each migration runs once, in its own transaction. One connection serves the whole process:
 * callers synchronize on this object, which SQLite's single writer makes no slower.
 */
public final class Database implements AutoCloseable {
    /** Index i holds the statements that take the schema from version i to i + 1. Append only. */
    private static final List<List<String>> MIGRATIONS = List.of(
            List.of("""
                    CREATE TABLE pins (
                      key        TEXT PRIMARY KEY,   -- CIDv1 string, so v0 and v1 forms are one pin
                      cid        TEXT NOT NULL,      -- as the user gave it
                      mode       TEXT NOT NULL CHECK (mode IN ('recursive', 'direct')),
                      name       TEXT,
                      created_at INTEGER NOT NULL    -- Unix milliseconds
                    )"""),
            List.of("""
                    CREATE TABLE items (
                      cid          TEXT PRIMARY KEY,   -- root CID as added (canonical text)
                      sha256       TEXT NOT NULL,      -- whole-file SHA-256, hex: the seeds' content_hash
                      size         INTEGER NOT NULL,
                      name         TEXT,               -- file name when added
                      mime         TEXT,
                      title        TEXT,
                      artist       TEXT,
                      album        TEXT,
                      genre        TEXT,
                      year         INTEGER,
                      track_number INTEGER,
                      duration     REAL,               -- seconds
                      tags         TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
                      custom       TEXT NOT NULL DEFAULT '{}',  -- JSON object: ExtendedTrack fields and the like
                      created_at   INTEGER NOT NULL,
                      updated_at   INTEGER NOT NULL
                    )""",
                    "CREATE INDEX items_sha256 ON items (sha256)",
                    "CREATE INDEX items_artist ON items (artist COLLATE NOCASE)",
                    "CREATE INDEX items_album ON items (album COLLATE NOCASE)",
                    """
                    CREATE VIRTUAL TABLE items_fts USING fts5 (
                      title, artist, album, genre, name, tags, custom,
                      content = 'items', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
                    )""",
                    """
                    CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN
                      INSERT INTO items_fts (rowid, title, artist, album, genre, name, tags, custom)
                      VALUES (new.rowid, new.title, new.artist, new.album, new.genre, new.name, new.tags, new.custom);
                    END""",
                    """
                    CREATE TRIGGER items_ad AFTER DELETE ON items BEGIN
                      INSERT INTO items_fts (items_fts, rowid, title, artist, album, genre, name, tags, custom)
                      VALUES ('delete', old.rowid, old.title, old.artist, old.album, old.genre, old.name, old.tags, old.custom);
                    END""",
                    """
                    CREATE TRIGGER items_au AFTER UPDATE ON items BEGIN
                      INSERT INTO items_fts (items_fts, rowid, title, artist, album, genre, name, tags, custom)
                      VALUES ('delete', old.rowid, old.title, old.artist, old.album, old.genre, old.name, old.tags, old.custom);
                      INSERT INTO items_fts (rowid, title, artist, album, genre, name, tags, custom)
                      VALUES (new.rowid, new.title, new.artist, new.album, new.genre, new.name, new.tags, new.custom);
                    END"""),
            List.of("""
                    CREATE TABLE library_changes (
                      cid     TEXT PRIMARY KEY,          -- every CID ever in items, deleted ones too
                      seq     INTEGER NOT NULL UNIQUE,   -- sequence number of its latest change
                      deleted INTEGER NOT NULL           -- 1 when that change removed it
                    )""",
                    // Peers read "changes since seq N"; triggers bump the sequence whatever code path
                    // changes items. The UNIQUE index on seq makes max(seq) a single lookup.
                    """
                    CREATE TRIGGER items_changes_ai AFTER INSERT ON items BEGIN
                      INSERT INTO library_changes (cid, seq, deleted)
                      VALUES (new.cid, (SELECT coalesce(max(seq), 0) + 1 FROM library_changes), 0)
                      ON CONFLICT (cid) DO UPDATE SET seq = excluded.seq, deleted = 0;
                    END""",
                    """
                    CREATE TRIGGER items_changes_au AFTER UPDATE ON items BEGIN
                      INSERT INTO library_changes (cid, seq, deleted)
                      SELECT old.cid, (SELECT coalesce(max(seq), 0) + 1 FROM library_changes), 1 WHERE old.cid <> new.cid
                      ON CONFLICT (cid) DO UPDATE SET seq = excluded.seq, deleted = 1;
                      INSERT INTO library_changes (cid, seq, deleted)
                      VALUES (new.cid, (SELECT coalesce(max(seq), 0) + 1 FROM library_changes), 0)
                      ON CONFLICT (cid) DO UPDATE SET seq = excluded.seq, deleted = 0;
                    END""",
                    """
                    CREATE TRIGGER items_changes_ad AFTER DELETE ON items BEGIN
                      INSERT INTO library_changes (cid, seq, deleted)
                      VALUES (old.cid, (SELECT coalesce(max(seq), 0) + 1 FROM library_changes), 1)
                      ON CONFLICT (cid) DO UPDATE SET seq = excluded.seq, deleted = 1;
                    END""",
                    // items added before the feed existed: numbered oldest first
                    """
                    INSERT INTO library_changes (cid, seq, deleted)
                    SELECT cid, row_number() OVER (ORDER BY created_at, cid), 0 FROM items""",
                    """
                    CREATE TABLE library_meta (
                      key   TEXT PRIMARY KEY,   -- 'epoch': random, made on first use; new database, new epoch
                      value TEXT NOT NULL
                    )""",
                    """
                    CREATE TABLE remote_items (
                      peer_id      TEXT NOT NULL,      -- the peer whose library this row copies
                      cid          TEXT NOT NULL,      -- the rest as in items, as the peer sent them
                      sha256       TEXT NOT NULL,
                      size         INTEGER NOT NULL,
                      name         TEXT,
                      mime         TEXT,
                      title        TEXT,
                      artist       TEXT,
                      album        TEXT,
                      genre        TEXT,
                      year         INTEGER,
                      track_number INTEGER,
                      duration     REAL,
                      tags         TEXT NOT NULL DEFAULT '[]',
                      custom       TEXT NOT NULL DEFAULT '{}',
                      created_at   INTEGER NOT NULL,
                      updated_at   INTEGER NOT NULL,
                      preferred    INTEGER NOT NULL DEFAULT 0,  -- 1 on the copy of its CID the network list shows
                      PRIMARY KEY (peer_id, cid)
                    )""",
                    "CREATE INDEX remote_items_cid ON remote_items (cid, updated_at DESC, peer_id)",
                    "CREATE INDEX remote_items_sha256 ON remote_items (sha256)",
                    // newest first: a page of the network list merges these two and stops at its end
                    "CREATE INDEX remote_items_shown ON remote_items (created_at DESC, cid) WHERE preferred = 1",
                    "CREATE INDEX items_created ON items (created_at DESC, cid)",
                    // Of several peers' copies of a CID the latest updated (then the smallest peer id) is
                    // preferred. Kept here, per changed CID, rather than worked out per row by every listing,
                    // which cost a lookup per remote item; the triggers' own UPDATE touches only
                    // preferred, so it fires neither them nor the FTS trigger.
                    """
                    CREATE TRIGGER remote_items_prefer_ai AFTER INSERT ON remote_items BEGIN
                      UPDATE remote_items SET preferred = (rowid = (SELECT o.rowid FROM remote_items o WHERE o.cid = new.cid
                        ORDER BY o.updated_at DESC, o.peer_id LIMIT 1)) WHERE cid = new.cid;
                    END""",
                    """
                    CREATE TRIGGER remote_items_prefer_ad AFTER DELETE ON remote_items BEGIN
                      UPDATE remote_items SET preferred = (rowid = (SELECT o.rowid FROM remote_items o WHERE o.cid = old.cid
                        ORDER BY o.updated_at DESC, o.peer_id LIMIT 1)) WHERE cid = old.cid;
                    END""",
                    """
                    CREATE TRIGGER remote_items_prefer_au AFTER UPDATE OF peer_id, cid, updated_at ON remote_items BEGIN
                      UPDATE remote_items SET preferred = (rowid = (SELECT o.rowid FROM remote_items o WHERE o.cid = old.cid
                        ORDER BY o.updated_at DESC, o.peer_id LIMIT 1)) WHERE cid = old.cid;
                      UPDATE remote_items SET preferred = (rowid = (SELECT o.rowid FROM remote_items o WHERE o.cid = new.cid
                        ORDER BY o.updated_at DESC, o.peer_id LIMIT 1)) WHERE cid = new.cid;
                    END""",
                    """
                    CREATE VIRTUAL TABLE remote_items_fts USING fts5 (
                      title, artist, album, genre, name, tags, custom,
                      content = 'remote_items', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
                    )""",
                    """
                    CREATE TRIGGER remote_items_ai AFTER INSERT ON remote_items BEGIN
                      INSERT INTO remote_items_fts (rowid, title, artist, album, genre, name, tags, custom)
                      VALUES (new.rowid, new.title, new.artist, new.album, new.genre, new.name, new.tags, new.custom);
                    END""",
                    """
                    CREATE TRIGGER remote_items_ad AFTER DELETE ON remote_items BEGIN
                      INSERT INTO remote_items_fts (remote_items_fts, rowid, title, artist, album, genre, name, tags, custom)
                      VALUES ('delete', old.rowid, old.title, old.artist, old.album, old.genre, old.name, old.tags, old.custom);
                    END""",
                    """
                    CREATE TRIGGER remote_items_au AFTER UPDATE OF title, artist, album, genre, name, tags, custom ON remote_items BEGIN
                      INSERT INTO remote_items_fts (remote_items_fts, rowid, title, artist, album, genre, name, tags, custom)
                      VALUES ('delete', old.rowid, old.title, old.artist, old.album, old.genre, old.name, old.tags, old.custom);
                      INSERT INTO remote_items_fts (rowid, title, artist, album, genre, name, tags, custom)
                      VALUES (new.rowid, new.title, new.artist, new.album, new.genre, new.name, new.tags, new.custom);
                    END""",
                    """
                    CREATE TABLE remote_libraries (
                      peer_id TEXT PRIMARY KEY,
                      epoch   TEXT NOT NULL,      -- the peer's library epoch our copy follows
                      seq     INTEGER NOT NULL    -- the last of its changes our copy has
                    )"""),
            List.of("""
                    CREATE TABLE peers (
                      peer_id   TEXT PRIMARY KEY,   -- 12D3KooW..., proven by a signed handshake at host:port
                      host      TEXT NOT NULL,
                      port      INTEGER NOT NULL,
                      last_seen INTEGER NOT NULL,   -- Unix milliseconds of the last answered handshake
                      added_at  INTEGER NOT NULL
                    )"""),
            List.of("""
                    CREATE TABLE cluster_pins (
                      key    TEXT PRIMARY KEY,      -- CIDv1 of the pinned root
                      op     TEXT NOT NULL,         -- the signed pin operation that won, as received (JSON)
                      action TEXT NOT NULL,         -- 'add' or 'remove' (a tombstone)
                      ts     INTEGER NOT NULL,      -- the operation's logical time, Unix milliseconds
                      op_id  TEXT NOT NULL,         -- SHA-256 of the signed form: breaks ties between equal times
                      seq    INTEGER NOT NULL UNIQUE -- this node's change number, for peers pulling what changed
                    )""",
                    "CREATE TABLE cluster_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)",
                    """
                    CREATE TABLE cluster_cursors (
                      peer_id TEXT PRIMARY KEY,
                      epoch   TEXT NOT NULL,        -- the member's pinset epoch the cursor follows
                      seq     INTEGER NOT NULL      -- the last of its changes merged here
                    )""",
                    """
                    CREATE TABLE cluster_holds (
                      key     TEXT PRIMARY KEY,     -- CIDv1: a whole DAG this node keeps for the cluster
                      cid     TEXT NOT NULL,
                      held_at INTEGER NOT NULL
                    )"""),
            List.of("""
                    CREATE TABLE manifest_sequences (
                      name     TEXT PRIMARY KEY,   -- a manifest's name
                      sequence INTEGER NOT NULL,   -- the highest sequence of it accepted here: lower ones are refused
                      signer   TEXT NOT NULL,      -- key id (ed25519:...) that signed that manifest
                      digest   TEXT NOT NULL,      -- SHA-256 of its signed form: the same sequence again must be the same manifest
                      seen_at  INTEGER NOT NULL    -- Unix milliseconds
                    )"""),
            List.of("""
                    CREATE TABLE transfers (
                      id         TEXT PRIMARY KEY,  -- the transfer's id, kept across restarts
                      cid        TEXT NOT NULL,     -- the root being downloaded
                      keep       TEXT NOT NULL,     -- CACHE or PIN: what keeps it once complete
                      started_at INTEGER NOT NULL   -- Unix milliseconds
                    )"""));

    private final Connection connection;

    private Database(Connection connection) {
        this.connection = connection;
    }

    public static Database open(Path file) throws IOException {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            Database db = new Database(c);
            db.migrate();
            return db;
        } catch (SQLException e) {
            throw new IOException("cannot open database " + file + ": " + e.getMessage(), e);
        }
    }

    private void migrate() throws SQLException {
        int version;
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > MIGRATIONS.size()) {
            throw new SQLException("database schema version " + version + " is newer than this Cairn understands ("
                    + MIGRATIONS.size() + "); upgrade Cairn");
        }
        for (int v = version; v < MIGRATIONS.size(); v++) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) s.execute(sql);
                s.execute("PRAGMA user_version = " + (v + 1));
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing a connection that failed is not worth reporting over the original error
        }
    }
}
