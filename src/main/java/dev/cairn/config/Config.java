package dev.cairn.config;

/**
 * The effective configuration, one record per section. Immutable once loaded; get one from
 * {@link ConfigLoader}. Each section's keys are listed, with types and defaults, in {@link Keys}.
 */
public record Config(NodeSection node, ApiSection api, StoreSection store, LogSection log, NetworkSection network,
        SwarmSection swarm, ReplicationSection replication, MetricsSection metrics, TlsSection tls) {

    /** Every key at its built-in default. */
    public static final Config DEFAULTS = from(Values.defaults());

    static Config from(Values v) {
        return new Config(NodeSection.from(v), ApiSection.from(v), StoreSection.from(v), LogSection.from(v), NetworkSection.from(v),
                SwarmSection.from(v), ReplicationSection.from(v), MetricsSection.from(v), TlsSection.from(v));
    }
}
