package dev.cairn.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The end game's estimate of when a block in flight will be in. */
class FetchProgressTest {
    private static final long MS = 1_000_000L;

    @Test
    void nothingReceivedMeansNoEstimate() {
        FetchProgress p = new FetchProgress();
        p.expect(1 << 20);
        assertThat(p.remainingNanos(System.nanoTime() + 5_000 * MS)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theRestTakesAsLongAsWhatCameAtTheSameRate() {
        FetchProgress p = new FetchProgress();
        p.expect(1000);
        long before = System.nanoTime();
        p.received(250);
        long after = System.nanoTime();
        // a quarter came in the 400 ms since the first byte, so three quarters take 1200 ms more
        long remaining = p.remainingNanos(after + 400 * MS);
        assertThat(remaining).isBetween(3 * (400 * MS), 3 * (400 * MS + (after - before)));
    }

    @Test
    void aStallMakesTheEstimateGrow() {
        FetchProgress p = new FetchProgress();
        p.expect(1000);
        p.received(500);
        long now = System.nanoTime();
        assertThat(p.remainingNanos(now + 2_000 * MS)).isGreaterThan(p.remainingNanos(now + 100 * MS));
    }

    @Test
    void anUndeclaredLengthIsTakenAsATypicalBlock() {
        FetchProgress p = new FetchProgress();
        p.received(1 << 19);
        long now = System.nanoTime();
        // half of an assumed 1 MiB came: the other half takes about as long again
        assertThat(p.remainingNanos(now + 100 * MS)).isBetween(99 * MS, 200 * MS);
        p.received(1 << 19);
        assertThat(p.remainingNanos(now + 100 * MS)).isZero();
    }

    @Test
    void theExpectedLengthIsTheDeclaredOneOnceTheHeadersAreIn() {
        FetchProgress p = new FetchProgress();
        assertThat(p.expectedLength()).isEqualTo(1 << 20);
        p.expect(256 * 1024);
        assertThat(p.expectedLength()).isEqualTo(256 * 1024);
    }
}
