package dev.cairn;

import dev.cairn.api.ServerOptions;
import dev.cairn.net.NetworkOptions;
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
        boolean jsonLogs, String logLevel, Path tokenFile) {

    /** Defaults for the network and the swarm: a node that knows no peers until told. */
    public static NodeSettings of(Path dataDir, ServerOptions server, Quota quota) {
        return new NodeSettings(dataDir, server, quota, NetworkOptions.of(List.of(), Duration.ofSeconds(30), 50),
                SwarmOptions.defaults(), false, "INFO", null);
    }

    public NodeSettings withNetwork(NetworkOptions n) {
        return new NodeSettings(dataDir, server, quota, n, swarm, jsonLogs, logLevel, tokenFile);
    }

    public NodeSettings withSwarm(SwarmOptions s) {
        return new NodeSettings(dataDir, server, quota, network, s, jsonLogs, logLevel, tokenFile);
    }
}
