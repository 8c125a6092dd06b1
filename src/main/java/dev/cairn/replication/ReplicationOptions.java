package dev.cairn.replication;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code replication.*}: what makes the cluster (a shared secret, or the operators' public keys
 * with this node's operator key or member certificate; none: this node is in no cluster), how long a
 * silent holder is waited for before others take its copies over, how often the pinset and
 * member status are exchanged, and how long a removal is remembered.
 */
public record ReplicationOptions(Optional<String> clusterSecret, Optional<Path> operatorKeys, Optional<Path> operatorKey,
        Optional<Path> memberCert, Duration repairDelay, Duration interval, Duration tombstoneTtl) {
    public ReplicationOptions {
        if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("replication.interval must be positive");
    }

    public static ReplicationOptions none() {
        return secret(null, Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofDays(30));
    }

    /** A cluster of a shared secret ({@code null}: none). */
    public static ReplicationOptions secret(String secret, Duration repairDelay, Duration interval, Duration tombstoneTtl) {
        return new ReplicationOptions(Optional.ofNullable(secret), Optional.empty(), Optional.empty(), Optional.empty(), repairDelay, interval,
                tombstoneTtl);
    }

    @Override
    public String toString() {
        return "ReplicationOptions[clusterSecret=" + (clusterSecret.isPresent() ? "<hidden>" : "none") + ", repairDelay=" + repairDelay
                + ", operatorKeys=" + operatorKeys.orElse(null) + ", operatorKey=" + operatorKey.orElse(null) + ", memberCert="
                + memberCert.orElse(null) + ", interval=" + interval + ", tombstoneTtl=" + tombstoneTtl + "]";
    }
}
