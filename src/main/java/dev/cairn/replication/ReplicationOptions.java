package dev.cairn.replication;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code replication.*}: the cluster secret (empty: this node is in no cluster), how long a
 * silent holder is waited for before others take its copies over, how often the pinset and
 * member status are exchanged, and how long a removal is remembered.
 */
public record ReplicationOptions(Optional<String> clusterSecret, Duration repairDelay, Duration interval, Duration tombstoneTtl) {
    public ReplicationOptions {
        if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("replication.interval must be positive");
    }

    public static ReplicationOptions none() {
        return new ReplicationOptions(Optional.empty(), Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofDays(7));
    }

    public boolean inCluster() {
        return clusterSecret.isPresent();
    }

    @Override
    public String toString() {
        return "ReplicationOptions[clusterSecret=" + (clusterSecret.isPresent() ? "<hidden>" : "none") + ", repairDelay=" + repairDelay
                + ", interval=" + interval + ", tombstoneTtl=" + tombstoneTtl + "]";
    }
}
