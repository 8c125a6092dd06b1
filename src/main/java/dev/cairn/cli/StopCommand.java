package dev.cairn.cli;

import dev.cairn.NodeFile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "stop", description = "Stop the node running on the data directory (SIGTERM, then wait for it to finish).")
final class StopCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the node to finish (default 30).")
    int timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dataDir = ((CairnCommand) spec.root().userObject()).dataDir.resolve();
        Optional<NodeFile> node = NodeFile.running(dataDir);
        if (node.isEmpty()) throw new IllegalArgumentException("no node is running on " + dataDir);
        ProcessHandle process = ProcessHandle.of(node.get().pid()).orElseThrow();
        process.destroy();
        try {
            process.onExit().get(timeout, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("node (PID " + node.get().pid() + ") did not stop within " + timeout + " s");
        }
        spec.commandLine().getOut().println("stopped node " + node.get().url() + " (PID " + node.get().pid() + ")");
        return 0;
    }
}
