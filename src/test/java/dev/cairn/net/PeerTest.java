package dev.cairn.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A peer's round-trip time: the lowest recent sample, not an average that one slow answer drags up. */
class PeerTest {
    private static final long W = Peer.RTT_WINDOW_NANOS;

    private static Peer peer() {
        return new Peer("12D3KooWtest", new PeerAddress("127.0.0.1", 4001));
    }

    @Test
    void the_round_trip_is_the_lowest_recent_sample() {
        Peer p = peer();
        assertThat(p.rttMillis()).as("nothing measured yet").isEqualTo(-1);
        p.rttSample(150, 0); // a handshake on a cold node
        p.rttSample(41, 1_000);
        p.rttSample(90, 2_000); // a request queued behind a transfer
        assertThat(p.rttMillis()).isEqualTo(41);
    }

    @Test
    void a_path_that_got_slower_shows_within_two_windows() {
        Peer p = peer();
        p.rttSample(40, 0);
        p.rttSample(120, W + 1);
        assertThat(p.rttMillis()).as("the window before still counts").isEqualTo(40);
        p.rttSample(125, 2 * W + 2);
        assertThat(p.rttMillis()).isEqualTo(120);
        p.rttSample(130, 3 * W + 3);
        assertThat(p.rttMillis()).isEqualTo(125);
    }

    @Test
    void samples_older_than_two_windows_are_forgotten_after_a_quiet_spell() {
        Peer p = peer();
        p.rttSample(40, 0);
        p.rttSample(200, 5 * W);
        assertThat(p.rttMillis()).isEqualTo(200);
    }

    @Test
    void a_sample_that_is_no_time_is_ignored() {
        Peer p = peer();
        p.rttSample(60, 0);
        p.rttSample(Double.NaN, 1);
        p.rttSample(-3, 2);
        p.rttSample(Double.POSITIVE_INFINITY, 3);
        assertThat(p.rttMillis()).isEqualTo(60);
    }

    @Test
    void of_two_peers_alike_but_for_the_round_trip_the_nearer_scores_higher() {
        Peer near = peer();
        Peer far = peer();
        near.rttSample(5, 0);
        far.rttSample(400, 0);
        assertThat(near.score()).isGreaterThan(far.score());
    }
}
