package dev.cairn.cli;

import dev.cairn.store.Repo;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "cairn", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Cairn: a peer-to-peer content network node. Content-addressed, IPFS-compatible storage.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (the message says what failed)", "2:usage error (bad option or argument)"})
public final class CairnCommand implements Runnable {
    /**
     * The subcommands, in the order help lists them. They are added by {@link Main#commandLine}
     * rather than named in {@code @Command}, so that a command line builds only the one it runs
     * (see there).
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(InitCommand.class, StartCommand.class, StopCommand.class,
            IdCommand.class, PeersCommand.class, AddCommand.class, ListCommand.class, CatCommand.class, GetCommand.class, LsCommand.class,
            PinCommand.class, GcCommand.class, VerifyCommand.class, CarCommand.class, RepoCommand.class, ConfigCommand.class,
            KeygenCommand.class, ManifestCommand.class, ClusterCommand.class, CommandLine.HelpCommand.class, AotTrainingCommand.class);

    @CommandLine.Mixin
    DataDirOption dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment commands read secrets from (--password-env); tests running in-process give their own. */
    java.util.Map<String, String> env = System.getenv();

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    static DataDirOption dataDir(CommandLine.Model.CommandSpec spec) {
        return ((CairnCommand) spec.root().userObject()).dataDir;
    }

    static java.util.Map<String, String> env(CommandLine.Model.CommandSpec spec) {
        return ((CairnCommand) spec.root().userObject()).env;
    }

    /** The running node's client for --data-dir, if a node runs there. */
    static java.util.Optional<NodeClient> node(CommandLine.Model.CommandSpec spec) throws IOException {
        return dataDir(spec).node();
    }

    /** The running node's client for --data-dir; {@code needs} starts the error when none runs ("cluster pins need"). */
    static NodeClient runningNode(CommandLine.Model.CommandSpec spec, String needs) throws IOException {
        return running(node(spec), needs);
    }

    /** The client in {@code node}, already looked up; the same error as {@link #runningNode} when empty. */
    static NodeClient running(java.util.Optional<NodeClient> node, String needs) {
        return node.orElseThrow(() -> new IllegalStateException(needs + " the running node of this data directory: start it with `cairn start`"));
    }

    /** Opens the repository named by --data-dir, wherever on the command line it was given. */
    static Repo openRepo(CommandLine.Model.CommandSpec spec) throws IOException {
        return ((CairnCommand) spec.root().userObject()).dataDir.open();
    }
}
