package dev.cairn.cli;

import dev.cairn.content.Cid;
import dev.cairn.content.PathExporter;
import dev.cairn.store.Repo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "get", description = "Write a file or directory to the local file system.")
final class GetCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "CID")
    Cid cid;

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "Where to write it (default: ./<cid>).")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path out = output != null ? output : Path.of(cid.toString());
        var node = CairnCommand.node(spec);
        long bytes;
        if (node.isPresent()) {
            bytes = new PathExporter(new GatewayBlocks(node.get())).export(cid, out);
        } else {
            try (Repo repo = CairnCommand.openRepo(spec)) {
                bytes = new PathExporter(repo.blocks()).export(cid, out);
            }
        }
        spec.commandLine().getErr().println("saved " + cid + " to " + out + " (" + bytes + " bytes)");
        return 0;
    }
}
