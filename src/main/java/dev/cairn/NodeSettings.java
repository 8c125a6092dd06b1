package dev.cairn;

import dev.cairn.api.ServerOptions;
import dev.cairn.net.NetworkOptions;
import dev.cairn.replication.ReplicationOptions;
import dev.cairn.swarm.SwarmOptions;
import dev.cairn.store.Quota;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@link Node} needs to start, resolved from config and flags by the caller;
 * tokenFile null = default. {@code network.bootstrap()} holds --peers and network.bootstrap.
 */
public record NodeSettings(Path dataDir, ServerOptions server, Quota quota, NetworkOptions network, SwarmOptions swarm,
        ReplicationOptions replication, boolean jsonLogs, String logLevel, Path tokenFile, Duration trustVerifiedBlocks) {

    /** Defaults for the network and the swarm: a node that knows no peers until told. */
    public static NodeSettings of(Path dataDir, ServerOptions server, Quota quota) {
        return new NodeSettings(dataDir, server, quota, NetworkOptions.of(List.of(), Duration.ofSeconds(30), 50),
                SwarmOptions.defaults(), ReplicationOptions.none(), false, "INFO", null,
                Duration.ofMinutes(10));
    }

    public NodeSettings withNetwork(NetworkOptions n) {
        return new NodeSettings(dataDir, server, quota, n, swarm, replication, jsonLogs, logLevel, tokenFile, trustVerifiedBlocks);
    }

    public NodeSettings withSwarm(SwarmOptions s) {
        return new NodeSettings(dataDir, server, quota, network, s, replication, jsonLogs, logLevel, tokenFile, trustVerifiedBlocks);
    }

    public NodeSettings withReplication(ReplicationOptions r) {
        return new NodeSettings(dataDir, server, quota, network, swarm, r, jsonLogs, logLevel, tokenFile, trustVerifiedBlocks);
    }

    /** How long a block hashed on read is trusted while its file is unchanged ({@code store.reverify_after}); zero hashes every read. */
    public NodeSettings withTrustVerifiedBlocks(Duration d) {
        return new NodeSettings(dataDir, server, quota, network, swarm, replication, jsonLogs, logLevel, tokenFile, d);
    }

    public NodeSettings withQuota(Quota q) {
        return new NodeSettings(dataDir, server, q, network, swarm, replication, jsonLogs, logLevel, tokenFile, trustVerifiedBlocks);
    }
}
