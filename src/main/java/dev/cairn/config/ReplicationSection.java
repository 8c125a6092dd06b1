package dev.cairn.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code replication.*}: the cluster secret or the operator keys with this node's operator key or
 * certificate (none: no cluster), the repair delay, the exchange interval, the tombstone lifetime.
 */
public record ReplicationSection(Optional<String> clusterSecret, Optional<Path> operatorKeys, Optional<Path> operatorKey,
        Optional<Path> memberCert, Duration repairDelay, Duration interval, Duration tombstoneTtl) {
    static ReplicationSection from(Values v) {
        return new ReplicationSection(v.get(Keys.REPLICATION_CLUSTER_SECRET), v.get(Keys.REPLICATION_OPERATOR_KEYS),
                v.get(Keys.REPLICATION_OPERATOR_KEY), v.get(Keys.REPLICATION_MEMBER_CERT), v.get(Keys.REPLICATION_REPAIR_DELAY),
                v.get(Keys.REPLICATION_INTERVAL), v.get(Keys.REPLICATION_TOMBSTONE_TTL));
    }

    /** Keeps the secret out of logs and error messages. */
    @Override
    public String toString() {
        return "ReplicationSection[clusterSecret=" + (clusterSecret.isPresent() ? "<hidden>" : "none") + ", operatorKeys=" + operatorKeys + ", operatorKey=" + operatorKey
                + ", memberCert=" + memberCert + ", repairDelay=" + repairDelay + ", interval="
                + interval + ", tombstoneTtl=" + tombstoneTtl + "]";
    }
}
