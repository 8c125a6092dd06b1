package dev.cairn.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.content.Cid;
import dev.cairn.content.Multihash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendezvous placement: deterministic, weighted, never onto a node without room, sticky to current holders. */
class PlacementTest {
    private static final long GIB = 1L << 30;
    private static final Cid CID = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");

    private static List<Placement.Candidate> nodes(long... free) {
        List<Placement.Candidate> out = new ArrayList<>();
        for (int i = 0; i < free.length; i++) out.add(new Placement.Candidate("node-" + i, free[i], false, false));
        return out;
    }

    private static Cid cid(int i) {
        return Cid.v1(dev.cairn.content.Codec.RAW, Multihash.sha256(("content " + i).getBytes()));
    }

    @Test
    void every_node_computes_the_same_placement_whatever_order_it_lists_members_in() {
        List<Placement.Candidate> a = nodes(GIB, GIB, GIB, GIB, GIB);
        List<Placement.Candidate> b = new ArrayList<>(a);
        java.util.Collections.reverse(b);
        Placement.Result ra = Placement.place(CID, 3, 1000, a);
        assertThat(ra.assigned()).hasSize(3).doesNotHaveDuplicates();
        assertThat(Placement.place(CID, 3, 1000, b)).isEqualTo(ra);
        assertThat(ra.shortfall()).isNull();
    }

    @Test
    void a_node_without_room_is_never_chosen_and_a_shortfall_says_why() {
        List<Placement.Candidate> members = nodes(GIB, GIB, 10, GIB);
        for (int i = 0; i < 200; i++) {
            assertThat(Placement.place(cid(i), 3, 1 << 20, members).assigned()).doesNotContain("node-2");
        }
        Placement.Result all = Placement.place(CID, 4, 1 << 20, members);
        assertThat(all.assigned()).hasSize(3);
        assertThat(all.shortfall()).contains("wants 4 copies but only 3 of 4").contains("1 lack room for 1.0 MiB");
    }

    @Test
    void more_free_space_wins_proportionally_more_pins() {
        List<Placement.Candidate> members = nodes(GIB, GIB, 4 * GIB);
        Map<String, Integer> wins = new HashMap<>();
        for (int i = 0; i < 3000; i++) wins.merge(Placement.place(cid(i), 1, 1, members).assigned().get(0), 1, Integer::sum);
        // weights 1:1:4, so the big node should take about two thirds
        assertThat(wins.get("node-2")).isBetween(1800, 2200);
        assertThat(wins.get("node-0")).isBetween(350, 650);
    }

    @Test
    void members_that_hold_a_pin_keep_it_and_only_missing_copies_move() {
        List<Placement.Candidate> members = nodes(GIB, GIB, GIB, GIB, GIB);
        List<String> first = Placement.place(CID, 3, 1000, members).assigned();
        // a holder left; the others took over; the two remaining original holders keep theirs
        String gone = first.get(0);
        List<Placement.Candidate> after = new ArrayList<>();
        for (Placement.Candidate c : members) {
            if (c.peerId().equals(gone)) continue;
            after.add(new Placement.Candidate(c.peerId(), c.freeBytes(), first.contains(c.peerId()), false));
        }
        List<String> repaired = Placement.place(CID, 3, 1000, after).assigned();
        assertThat(repaired).hasSize(3).contains(first.get(1), first.get(2)).doesNotContain(gone);

        // a holder whose free space changed a lot keeps its copy: held pins do not move with the weights
        List<Placement.Candidate> shrunk = new ArrayList<>();
        for (Placement.Candidate c : members) {
            boolean holds = first.contains(c.peerId());
            shrunk.add(new Placement.Candidate(c.peerId(), holds ? 2 << 20 : 64 * GIB, holds, false));
        }
        assertThat(Placement.place(CID, 3, 1000, shrunk).assigned()).containsExactlyInAnyOrderElementsOf(first);
    }
}
