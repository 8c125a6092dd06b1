package dev.cairn.cli;

import dev.cairn.store.Repo;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "init", description = "Create the data directory (other commands also create it on first use).")
final class InitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var dir = ((CairnCommand) spec.root().userObject()).dataDir.resolve();
        boolean existed = Files.isDirectory(dir.resolve("blocks"));
        try (Repo repo = CairnCommand.openRepo(spec)) {
            repo.pins();
            spec.commandLine().getOut().println((existed ? "Cairn repository already exists in " : "initialized Cairn repository in ")
                    + repo.dataDir().toAbsolutePath());
        }
        return 0;
    }
}
