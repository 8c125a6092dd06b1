package dev.cairn.catalog;

import static dev.cairn.catalog.TestItems.cid;
import static dev.cairn.catalog.TestItems.item;
import static dev.cairn.catalog.TestItems.retitled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.catalog.LibraryChanges.Change;
import dev.cairn.catalog.LibraryChanges.Changes;
import dev.cairn.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryChangesTest {
    @TempDir
    Path dir;

    Database db;
    Catalog catalog;
    LibraryChanges changes;

    @BeforeEach
    void open() throws IOException {
        reopen(dir.resolve("cairn.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    void reopen(Path file) throws IOException {
        if (db != null) db.close();
        db = Database.open(file);
        catalog = new Catalog(db);
        changes = new LibraryChanges(db);
    }

    @Test
    void an_empty_library_has_no_changes() throws IOException {
        assertThat(changes.currentSeq()).isZero();
        Changes c = changes.since(0, 10);
        assertThat(c.changes()).isEmpty();
        assertThat(c.next()).isZero();
        assertThat(c.more()).isFalse();
        assertThat(c.epoch()).hasSize(32);
    }

    @Test
    void adds_edits_and_deletes_through_the_catalog_come_out_in_order_with_only_each_items_latest_change() throws IOException {
        Item a = item("a", "Song A", "Ann", 1000);
        Item b = item("b", "Song B", "Bob", 2000);
        catalog.put(a); // 1
        catalog.put(b); // 2
        Item a2 = retitled(a, "Song A (live)", 3000);
        catalog.put(a2); // 3
        catalog.delete(b.cid()); // 4

        Changes c = changes.since(0, 100);
        assertThat(c.changes()).extracting(Change::seq).containsExactly(3L, 4L);
        assertThat(c.changes().get(0).cid()).isEqualTo(a.cid());
        assertThat(c.changes().get(0).item()).isEqualTo(a2);
        assertThat(c.changes().get(1).cid()).isEqualTo(b.cid());
        assertThat(c.changes().get(1).deleted()).isTrue();
        assertThat(c.changes().get(1).item()).isNull();
        assertThat(c.next()).isEqualTo(4);
        assertThat(c.more()).isFalse();
        assertThat(changes.currentSeq()).isEqualTo(4);

        assertThat(changes.since(3, 100).changes()).extracting(Change::cid).containsExactly(b.cid());
        Changes none = changes.since(4, 100);
        assertThat(none.changes()).isEmpty();
        assertThat(none.next()).isEqualTo(4);
    }

    @Test
    void an_item_added_again_after_a_delete_is_a_new_change_and_no_longer_deleted() throws IOException {
        Item a = item("a", "Song A", "Ann", 1000);
        catalog.put(a);
        catalog.delete(a.cid());
        catalog.put(a);

        Changes c = changes.since(0, 10);
        assertThat(c.changes()).hasSize(1);
        assertThat(c.changes().getFirst().seq()).isEqualTo(3);
        assertThat(c.changes().getFirst().item()).isEqualTo(a);
    }

    @Test
    void a_reader_pages_through_the_changes_with_limit_next_and_more() throws IOException {
        for (int i = 1; i <= 5; i++) catalog.put(item("f" + i, "Song " + i, "Ann", i));

        Changes p1 = changes.since(0, 2);
        assertThat(p1.changes()).extracting(Change::seq).containsExactly(1L, 2L);
        assertThat(p1.next()).isEqualTo(2);
        assertThat(p1.more()).isTrue();
        Changes p2 = changes.since(p1.next(), 2);
        assertThat(p2.changes()).extracting(Change::seq).containsExactly(3L, 4L);
        assertThat(p2.more()).isTrue();
        Changes p3 = changes.since(p2.next(), 2);
        assertThat(p3.changes()).extracting(Change::seq).containsExactly(5L);
        assertThat(p3.next()).isEqualTo(5);
        assertThat(p3.more()).isFalse();
        assertThat(p3.changes().getFirst().item().title()).isEqualTo("Song 5");
    }

    @Test
    void a_change_made_without_the_catalog_is_in_the_feed_too() throws Exception {
        Item a = item("a", "Song A", "Ann", 1000);
        catalog.put(a);
        synchronized (db) {
            try (Statement s = db.connection().createStatement()) {
                s.executeUpdate("UPDATE items SET title = 'Renamed'");
            }
        }

        Changes c = changes.since(1, 10);
        assertThat(c.changes()).hasSize(1);
        assertThat(c.changes().getFirst().item().title()).isEqualTo("Renamed");
    }

    @Test
    void an_item_whose_cid_is_rewritten_leaves_a_deletion_of_the_old_cid() throws Exception {
        catalog.put(item("a", "Song A", "Ann", 1000));
        synchronized (db) {
            try (Statement s = db.connection().createStatement()) {
                s.executeUpdate("UPDATE items SET cid = '" + cid("b") + "'");
            }
        }

        Changes c = changes.since(1, 10);
        assertThat(c.changes()).extracting(Change::cid).containsExactlyInAnyOrder(cid("a"), cid("b"));
        assertThat(c.changes()).filteredOn(Change::deleted).extracting(Change::cid).containsExactly(cid("a"));
    }

    @Test
    void a_negative_seq_or_a_limit_below_one_is_refused() {
        assertThatThrownBy(() -> changes.since(-1, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> changes.since(0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }

    @Test
    void the_epoch_survives_reopening_and_a_new_database_has_another() throws IOException {
        String epoch = changes.epoch();
        assertThat(epoch).matches("[0-9a-f]{32}");
        assertThat(changes.epoch()).isEqualTo(epoch);

        reopen(dir.resolve("cairn.db"));
        assertThat(changes.epoch()).isEqualTo(epoch);
        assertThat(changes.since(0, 1).epoch()).isEqualTo(epoch);

        reopen(dir.resolve("other.db"));
        assertThat(changes.epoch()).isNotEqualTo(epoch).matches("[0-9a-f]{32}");
    }

    @Test
    void a_database_from_before_the_change_feed_gives_its_items_changes_when_upgraded() throws Exception {
        Path old = dir.resolve("v2.db");
        Item a = item("a", "Song A", "Ann", 1000);
        Item b = item("b", "Song B", "Bob", 2000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement()) {
            for (String sql : V2_SCHEMA) s.execute(sql);
            // b inserted first: changes follow the items' age, not the rows' order
            s.execute("INSERT INTO items (cid, sha256, size, title, artist, created_at, updated_at) VALUES ('" + b.cid() + "', '"
                    + b.sha256() + "', 1, 'Song B', 'Bob', 2000, 2000)");
            s.execute("INSERT INTO items (cid, sha256, size, title, artist, created_at, updated_at) VALUES ('" + a.cid() + "', '"
                    + a.sha256() + "', 1, 'Song A', 'Ann', 1000, 1000)");
            s.execute("PRAGMA user_version = 2");
        }

        reopen(old);
        assertThat(changes.currentSeq()).isEqualTo(2);
        Changes c = changes.since(0, 10);
        assertThat(c.changes()).extracting(Change::seq).containsExactly(1L, 2L);
        assertThat(c.changes()).extracting(Change::cid).containsExactly(a.cid(), b.cid());
        assertThat(c.changes().getFirst().item().title()).isEqualTo("Song A");

        catalog.put(item("c", "Song C", "Cat", 3000));
        assertThat(changes.since(2, 10).changes()).extracting(Change::cid).containsExactly(cid("c"));
        assertThat(catalog.list(new CatalogQuery("song", null, null, null, 10, 0)).total()).isEqualTo(3);
    }

    /** The schema as versions 1 and 2 made it: migrations are append only, so this copy stays true. */
    private static final String[] V2_SCHEMA = {
        """
        CREATE TABLE pins (key TEXT PRIMARY KEY, cid TEXT NOT NULL,
          mode TEXT NOT NULL CHECK (mode IN ('recursive', 'direct')), name TEXT, created_at INTEGER NOT NULL)""",
        """
        CREATE TABLE items (cid TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL, name TEXT, mime TEXT, title TEXT,
          artist TEXT, album TEXT, genre TEXT, year INTEGER, track_number INTEGER, duration REAL,
          tags TEXT NOT NULL DEFAULT '[]', custom TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)""",
        "CREATE INDEX items_sha256 ON items (sha256)",
        "CREATE INDEX items_artist ON items (artist COLLATE NOCASE)",
        "CREATE INDEX items_album ON items (album COLLATE NOCASE)",
        """
        CREATE VIRTUAL TABLE items_fts USING fts5 (title, artist, album, genre, name, tags, custom,
          content = 'items', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2')""",
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
        END"""
    };
}
