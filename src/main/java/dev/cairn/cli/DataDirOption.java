package dev.cairn.cli;

import dev.cairn.config.Config;
import dev.cairn.config.ConfigLoader;
import dev.cairn.store.Quota;
import dev.cairn.store.Repo;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;

/** {@code --data-dir}, shared by every command: flag, then CAIRN_DATA_DIR, then ~/.cairn. */
final class DataDirOption {
    @CommandLine.Option(names = "--data-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Data directory (default: $CAIRN_DATA_DIR, else ~/.cairn).")
    Path dataDir;

    Path resolve() {
        if (dataDir != null) return dataDir;
        String env = System.getenv("CAIRN_DATA_DIR");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("user.home"), ".cairn");
    }

    /** The node running on this data directory, if any: commands then go through its API. */
    java.util.Optional<NodeClient> node() throws IOException {
        return NodeClient.forDataDir(resolve());
    }

    Repo open() throws IOException {
        Path dir = resolve();
        Config config = ConfigLoader.load(dir, System.getenv());
        return Repo.open(dir, new Quota(config.store().maxBytes()));
    }
}
