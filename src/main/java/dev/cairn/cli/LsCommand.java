package dev.cairn.cli;

import dev.cairn.content.Cid;
import dev.cairn.content.DirectoryListing;
import dev.cairn.content.UnixFs;
import dev.cairn.store.Repo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "ls", description = "List a directory: '<cid> <size> <name>' per entry, directories end in '/'.")
final class LsCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "CID")
    Cid cid;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        var node = CairnCommand.node(spec);
        if (node.isPresent()) {
            print(out, new GatewayBlocks(node.get()));
        } else {
            try (Repo repo = CairnCommand.openRepo(spec)) {
                print(out, repo.blocks());
            }
        }
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, dev.cairn.content.BlockSource blocks) throws java.io.IOException {
        for (DirectoryListing.Entry e : DirectoryListing.list(blocks, cid)) {
            boolean dir = e.type() == UnixFs.Type.DIRECTORY || e.type() == UnixFs.Type.HAMT_SHARD;
            out.println(e.cid() + " " + (dir ? "-" : Long.toString(e.size())) + " " + e.name() + (dir ? "/" : ""));
        }
    }
}
