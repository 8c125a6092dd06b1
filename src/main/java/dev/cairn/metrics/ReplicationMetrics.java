package dev.cairn.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * What replication exports, as this node sees the cluster pinset: pins by state
 * ({@code cairn_cluster_pins{state}}; a gauge may not end in {@code _total}, so this is the
 * lint-clean name of seed 003's pin count), this node's pin queue, pins below their level,
 * pin errors, and the bytes of the cluster exchange (pinset and member status) each way.
 */
public final class ReplicationMetrics {
    public static final List<String> STATES = List.of("queued", "pinning", "pinned", "under-replicated", "error", "remote");

    /** Counts after the latest reconciliation. */
    public record Snapshot(Map<String, Long> byState, long queue, long underReplicated) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), 0, 0);
    }

    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private final Counter errors;
    private final Counter gossipSent;
    private final Counter gossipReceived;

    ReplicationMetrics(MeterRegistry registry) {
        for (String state : STATES) {
            Gauge.builder("cairn.cluster.pins", this, m -> m.snapshot.byState().getOrDefault(state, 0L))
                    .description("Cluster pins by their state on this node").tag("state", state).register(registry);
        }
        Gauge.builder("cairn.pin.queue.size", this, m -> m.snapshot.queue())
                .description("Cluster pins assigned to this node and not yet held (queued or pinning)").register(registry);
        Gauge.builder("cairn.pins.under.replicated", this, m -> m.snapshot.underReplicated())
                .description("Cluster pins that cannot reach their replication level now").register(registry);
        errors = Counter.builder("cairn.pin.errors").description("Cluster pins this node failed to fetch").register(registry);
        gossipSent = Counter.builder("cairn.cluster.exchange.sent").baseUnit("bytes")
                .description("HTTP bytes of cluster requests and answers this node sent (pinset and status)").register(registry);
        gossipReceived = Counter.builder("cairn.cluster.exchange.received").baseUnit("bytes")
                .description("HTTP bytes of cluster requests and answers this node received (pinset and status)").register(registry);
    }

    public void update(Snapshot s) {
        snapshot = s;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public void pinError() {
        errors.increment();
    }

    public void exchanged(long sentBytes, long receivedBytes) {
        gossipSent.increment(sentBytes);
        gossipReceived.increment(receivedBytes);
    }

    public long exchangedBytes() {
        return (long) (gossipSent.count() + gossipReceived.count());
    }
}
