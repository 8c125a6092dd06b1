package dev.cairn.cli;

import dev.cairn.config.ConfigLoader;
import dev.cairn.config.EffectiveConfig;
import dev.cairn.store.Quota;
import dev.cairn.store.Repo;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;

/** {@code --data-dir}, shared by every command: flag, then CAIRN_DATA_DIR, then DCMX_DATA_DIR, then ~/.cairn. */
final class DataDirOption {
    @CommandLine.Option(names = "--data-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Data directory (default: $CAIRN_DATA_DIR, else $DCMX_DATA_DIR, else ~/.cairn).")
    Path dataDir;

    Path resolve() {
        return ConfigLoader.resolveDataDir(dataDir, System.getenv());
    }

    /** Defaults, the data directory's config.yaml and the environment; commands with more layers use {@link #configBuilder()}. */
    EffectiveConfig loadConfig() throws IOException {
        return configBuilder().load();
    }

    /** A loader for this data directory and the process environment; add --config and flags, then load. */
    ConfigLoader.Builder configBuilder() {
        return ConfigLoader.builder().dataDir(resolve()).env(System.getenv());
    }

    /** The node running on this data directory, if any: commands then go through its API. */
    java.util.Optional<NodeClient> node() throws IOException {
        return NodeClient.forDataDir(resolve());
    }

    Repo open() throws IOException {
        Path dir = resolve();
        EffectiveConfig config = loadConfig();
        return Repo.open(dir, new Quota(config.config().store().maxBytes()));
    }
}
