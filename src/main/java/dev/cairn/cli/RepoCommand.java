package dev.cairn.cli;

import dev.cairn.store.Repo;
import dev.cairn.util.Sizes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "repo", description = "Repository information.", subcommands = RepoCommand.Stat.class)
final class RepoCommand {

    @Command(name = "stat", description = "Show block count, size, pins and quota.")
    static final class Stat implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var node = CairnCommand.node(spec);
            if (node.isPresent()) {
                var s = node.get().getJson("/status");
                long used = s.get("store").get("used_bytes").asLong();
                long max = s.get("store").get("max_bytes").asLong();
                out.println("node:      " + node.get().url() + " (" + s.get("peer_id").asText() + ")");
                out.println("size:      " + used + " (" + Sizes.format(used) + ")");
                out.println("pins:      " + s.get("pins").asLong());
                out.println("max size:  " + (max == 0 ? "unlimited" : max + " (" + Sizes.format(max) + ")"));
                out.flush();
                return 0;
            }
            try (Repo repo = CairnCommand.openRepo(spec)) {
                Repo.RepoStat s = repo.stat();
                out.println("path:      " + s.dataDir().toAbsolutePath());
                out.println("blocks:    " + s.blocks());
                out.println("size:      " + s.bytes() + " (" + Sizes.format(s.bytes()) + ")");
                out.println("pins:      " + s.pins());
                out.println("max size:  " + (s.maxBytes() == 0 ? "unlimited" : s.maxBytes() + " (" + Sizes.format(s.maxBytes()) + ")"));
            }
            out.flush();
            return 0;
        }
    }
}
