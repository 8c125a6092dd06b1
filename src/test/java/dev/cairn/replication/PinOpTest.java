package dev.cairn.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.content.Cid;
import dev.cairn.store.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed pin operations and the last-writer-wins pinset, on real SQLite. */
class PinOpTest {
    private static final ClusterKey KEY = ClusterKey.fromSecret("a cluster secret for tests");
    private static final String ORIGIN = ClusterKey.fromSecret("the origin node, for tests").id();
    private static final Cid CID = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");

    @TempDir
    Path dir;

    @Test
    void the_same_secret_gives_the_same_cluster_key_and_another_secret_another() {
        assertThat(ClusterKey.fromSecret("a cluster secret for tests").id()).isEqualTo(KEY.id()).startsWith("12D3KooW");
        assertThat(ClusterKey.fromSecret("another secret entirely").id()).isNotEqualTo(KEY.id());
    }

    @Test
    void a_signed_operation_survives_json_and_any_change_breaks_its_signature() {
        PinOp op = PinOp.signed(KEY, CID, PinOp.Action.ADD, 3, "important", "album", 1234, 1000, ORIGIN);
        PinOp back = PinOp.fromJson(op.toJson());
        assertThat(back).isEqualTo(op);
        assertThat(back.signedBy(KEY)).isTrue();

        var tampered = op.toJson().put("replicas", 1);
        assertThat(PinOp.fromJson(tampered).signedBy(KEY)).isFalse();
        var later = op.toJson().put("ts", 2000);
        assertThat(PinOp.fromJson(later).signedBy(KEY)).isFalse();
        assertThat(op.signedBy(ClusterKey.fromSecret("another secret entirely"))).isFalse();
        PinOp forged = PinOp.signed(ClusterKey.fromSecret("another secret entirely"), CID, PinOp.Action.REMOVE, 0, null, null, -1, 3000, ORIGIN);
        assertThat(forged.signedBy(KEY)).as("signed by an outsider's key").isFalse();
    }

    @Test
    void malformed_operations_are_refused_with_the_field_named() {
        var ok = PinOp.signed(KEY, CID, PinOp.Action.ADD, 2, null, null, 10, 1, ORIGIN).toJson();
        assertThatThrownBy(() -> PinOp.fromJson(ok.deepCopy().put("extra", 1))).hasMessageContaining("unknown field 'extra'");
        assertThatThrownBy(() -> PinOp.fromJson(ok.deepCopy().put("cid", "not-a-cid"))).hasMessageContaining("bad cid");
        assertThatThrownBy(() -> PinOp.fromJson(ok.deepCopy().put("replicas", "two"))).hasMessageContaining("replicas");
        assertThatThrownBy(() -> PinOp.fromJson(ok.deepCopy().put("replicas", 1000))).hasMessageContaining("replicas");
        assertThatThrownBy(() -> PinOp.fromJson(ok.deepCopy().put("action", "explode"))).hasMessageContaining("add or remove");
        assertThatThrownBy(() -> PinOp.fromJson(ok.deepCopy().put("name", "a\nb"))).hasMessageContaining("printable");
        assertThatThrownBy(() -> PinOp.fromJson(ok.deepCopy().put("origin", "me"))).hasMessageContaining("origin");
        assertThatThrownBy(() -> PinOp.fromJson(ok.deepCopy().put("level", "precious"))).hasMessageContaining("unknown replication level");
    }

    @Test
    void nodes_that_merge_the_same_operations_in_any_order_hold_the_same_pinset() throws Exception {
        List<PinOp> ops = new ArrayList<>();
        Cid other = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        for (int i = 0; i < 40; i++) {
            Cid c = i % 2 == 0 ? CID : other;
            PinOp.Action a = i % 3 == 0 ? PinOp.Action.REMOVE : PinOp.Action.ADD;
            // equal times on purpose: the op id must break the tie the same way everywhere
            ops.add(PinOp.signed(KEY, c, a, a == PinOp.Action.ADD ? 1 + i % 5 : 0, null, null, -1, 1000 + i / 4, ORIGIN));
        }
        List<String> outcomes = new ArrayList<>();
        Random random = new Random(7);
        for (int node = 0; node < 4; node++) {
            List<PinOp> order = new ArrayList<>(ops);
            Collections.shuffle(order, random);
            try (Database db = Database.open(dir.resolve("n" + node + ".db"))) {
                Pinset set = new Pinset(db);
                for (PinOp op : order) set.merge(op);
                outcomes.add(set.get(CID).orElseThrow().opId() + " " + set.get(other).orElseThrow().opId());
            }
        }
        assertThat(outcomes).as("every order converges").containsOnly(outcomes.get(0));
    }

    @Test
    void a_new_operation_wins_over_every_operation_already_seen_even_from_a_clock_ahead() throws Exception {
        try (Database db = Database.open(dir.resolve("p.db"))) {
            Pinset set = new Pinset(db);
            long future = System.currentTimeMillis() + 3_600_000; // a member whose clock is an hour fast
            set.merge(PinOp.signed(KEY, CID, PinOp.Action.ADD, 2, null, null, -1, future, ORIGIN));
            PinOp remove = PinOp.signed(KEY, CID, PinOp.Action.REMOVE, 0, null, null, -1, set.nextTime(), ORIGIN);
            assertThat(set.merge(remove)).isTrue();
            assertThat(set.pins()).isEmpty();
        }
    }

    @Test
    void a_node_back_after_the_tombstones_expired_drops_what_the_cluster_no_longer_has() throws Exception {
        Cid other = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        try (Database db = Database.open(dir.resolve("p.db"))) {
            Pinset set = new Pinset(db);
            set.merge(PinOp.signed(KEY, CID, PinOp.Action.ADD, 2, null, null, -1, 1000, ORIGIN)); // removed meanwhile, tombstone gone
            set.merge(PinOp.signed(KEY, other, PinOp.Action.ADD, 2, null, null, -1, 1500, ORIGIN)); // still pinned in the cluster
            set.merge(PinOp.signed(KEY, Cid.parse("bafkqaaa"), PinOp.Action.ADD, 1, null, null, -1, 9000, ORIGIN)); // made after it left
            assertThat(set.dropAbsent(2000, List.of(other))).isEqualTo(1);
            assertThat(set.pins()).extracting(op -> op.cid().toString()).containsExactlyInAnyOrder(other.toString(), "bafkqaaa");
        }
    }

    @Test
    void changes_are_paged_by_sequence_and_old_tombstones_expire() throws Exception {
        try (Database db = Database.open(dir.resolve("p.db"))) {
            Pinset set = new Pinset(db);
            set.merge(PinOp.signed(KEY, CID, PinOp.Action.ADD, 2, null, null, -1, 1000, ORIGIN));
            long afterAdd = set.currentSeq();
            set.merge(PinOp.signed(KEY, CID, PinOp.Action.REMOVE, 0, null, null, -1, 2000, ORIGIN));
            Pinset.Page page = set.since(afterAdd, 10);
            assertThat(page.ops()).extracting(PinOp::action).containsExactly(PinOp.Action.REMOVE);
            assertThat(page.next()).isEqualTo(set.currentSeq());
            assertThat(set.since(set.currentSeq(), 10).ops()).isEmpty();

            assertThat(set.expireTombstones(1500)).isZero();
            assertThat(set.expireTombstones(2500)).isEqualTo(1);
            assertThat(set.all()).isEmpty();
        }
    }
}
