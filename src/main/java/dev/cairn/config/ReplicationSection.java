package dev.cairn.config;

import java.time.Duration;
import java.util.Optional;

/** {@code replication.*}: the cluster secret (empty: no cluster), the repair delay, the exchange interval, the tombstone lifetime. */
public record ReplicationSection(Optional<String> clusterSecret, Duration repairDelay, Duration interval, Duration tombstoneTtl) {
    static ReplicationSection from(Values v) {
        return new ReplicationSection(v.get(Keys.REPLICATION_CLUSTER_SECRET), v.get(Keys.REPLICATION_REPAIR_DELAY),
                v.get(Keys.REPLICATION_INTERVAL), v.get(Keys.REPLICATION_TOMBSTONE_TTL));
    }

    /** Keeps the secret out of logs and error messages. */
    @Override
    public String toString() {
        return "ReplicationSection[clusterSecret=" + (clusterSecret.isPresent() ? "<hidden>" : "none") + ", repairDelay=" + repairDelay + ", interval="
                + interval + ", tombstoneTtl=" + tombstoneTtl + "]";
    }
}
