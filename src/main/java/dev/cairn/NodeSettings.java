package dev.cairn;

import dev.cairn.api.ServerOptions;
import dev.cairn.store.Quota;
import java.nio.file.Path;
import java.util.List;

/** Everything {@link Node} needs to start, resolved from config and flags by the caller; tokenFile null = default. */
public record NodeSettings(Path dataDir, ServerOptions server, Quota quota, List<String> peers, boolean jsonLogs,
        String logLevel, Path tokenFile) {

    public NodeSettings {
        peers = List.copyOf(peers);
    }
}
