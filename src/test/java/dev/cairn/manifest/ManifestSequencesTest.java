package dev.cairn.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.store.Database;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSequencesTest {
    @TempDir
    Path dir;

    @Test
    void the_highest_sequence_per_name_only_ever_rises() throws Exception {
        try (Database db = Database.open(dir.resolve("cairn.db"))) {
            ManifestSequences s = new ManifestSequences(db);
            assertThat(s.highest("a")).isEmpty();
            s.record("a", 3, "ed25519:x", "d3");
            s.record("a", 2, "ed25519:y", "d2");
            s.record("b", 1, "ed25519:y", "d1");
            assertThat(s.highest("a").orElseThrow()).satisfies(seen -> {
                assertThat(seen.sequence()).isEqualTo(3);
                assertThat(seen.signer()).isEqualTo("ed25519:x");
                assertThat(seen.digest()).isEqualTo("d3");
                assertThat(seen.seenAtMillis()).isPositive();
            });
            s.record("a", 7, "ed25519:z", "d7");
            assertThat(s.highest("a").orElseThrow().sequence()).isEqualTo(7);
            assertThat(s.highest("b").orElseThrow().sequence()).isEqualTo(1);
        }
        try (Database again = Database.open(dir.resolve("cairn.db"))) {
            assertThat(new ManifestSequences(again).highest("a").orElseThrow().sequence()).as("kept across opens").isEqualTo(7);
        }
    }

    @Test
    void a_read_only_view_reads_and_refuses_to_record() throws Exception {
        try (Database db = Database.open(dir.resolve("cairn.db"))) {
            new ManifestSequences(db).record("a", 4, "ed25519:x", "d");
            try (ManifestSequences ro = ManifestSequences.openReadOnly(dir.resolve("cairn.db"))) {
                assertThat(ro.writable()).isFalse();
                assertThat(ro.highest("a").orElseThrow().sequence()).isEqualTo(4);
                assertThatThrownBy(() -> ro.record("a", 5, "s", "d")).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void a_database_from_before_manifests_has_seen_nothing() throws Exception {
        Path old = dir.resolve("old.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + old); var st = c.createStatement()) {
            st.execute("CREATE TABLE pins (key TEXT PRIMARY KEY)");
        }
        try (ManifestSequences ro = ManifestSequences.openReadOnly(old)) {
            assertThat(ro.highest("a")).isEmpty();
        }
    }
}
