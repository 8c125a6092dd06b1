package dev.cairn.config;

import java.time.Duration;
import java.util.Optional;

/** {@code replication.*}: the cluster secret (empty: no cluster) and how long to wait before repairing a pin. */
public record ReplicationSection(Optional<String> clusterSecret, Duration repairDelay) {
    static ReplicationSection from(Values v) {
        return new ReplicationSection(v.get(Keys.REPLICATION_CLUSTER_SECRET), v.get(Keys.REPLICATION_REPAIR_DELAY));
    }

    /** Keeps the secret out of logs and error messages. */
    @Override
    public String toString() {
        return "ReplicationSection[clusterSecret=" + (clusterSecret.isPresent() ? "<hidden>" : "none") + ", repairDelay=" + repairDelay + "]";
    }
}
