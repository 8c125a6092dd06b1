package dev.cairn.cli;

import dev.cairn.content.Cid;
import dev.cairn.store.Pin;
import dev.cairn.store.Repo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "pin", description = "Keep content from garbage collection.",
        subcommands = {PinCommand.Add.class, PinCommand.Rm.class, PinCommand.Ls.class})
final class PinCommand {

    @Command(name = "add", description = "Pin a CID (recursively, unless --direct); its blocks must be stored.")
    static final class Add implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "CID")
        Cid cid;

        @CommandLine.Option(names = "--direct", description = "Pin only this block, not what it links to.")
        boolean direct;

        @CommandLine.Option(names = "--name", description = "A label shown by 'pin ls'.")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var node = CairnCommand.node(spec);
            if (node.isPresent()) {
                node.get().postJson("/api/v1/pins/" + cid + NodeClient.query(java.util.Map.of("recursive", Boolean.toString(!direct)))
                        + (name == null ? "" : "&name=" + NodeClient.enc(name)), java.net.http.HttpRequest.BodyPublishers.noBody());
            } else {
                try (Repo repo = CairnCommand.openRepo(spec)) {
                    repo.pin(cid, direct ? Pin.Mode.DIRECT : Pin.Mode.RECURSIVE, name);
                }
            }
            spec.commandLine().getOut().println("pinned " + cid + (direct ? " directly" : " recursively"));
            return 0;
        }
    }

    @Command(name = "rm", description = "Unpin a CID (its blocks go at the next gc unless pinned otherwise).")
    static final class Rm implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "CID")
        Cid cid;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var node = CairnCommand.node(spec);
            if (node.isPresent()) {
                node.get().delete("/api/v1/pins/" + cid);
            } else {
                try (Repo repo = CairnCommand.openRepo(spec)) {
                    if (!repo.unpin(cid)) throw new IllegalArgumentException(cid + " is not pinned");
                }
            }
            spec.commandLine().getOut().println("unpinned " + cid);
            return 0;
        }
    }

    @Command(name = "ls", description = "List pins: '<cid> <recursive|direct> [name]'.")
    static final class Ls implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var node = CairnCommand.node(spec);
            if (node.isPresent()) {
                for (var p : node.get().getJson("/api/v1/pins")) {
                    out.println(p.get("cid").asText() + " " + p.get("mode").asText() + (p.hasNonNull("name") ? " " + p.get("name").asText() : ""));
                }
            } else {
                try (Repo repo = CairnCommand.openRepo(spec)) {
                    for (Pin p : repo.pins().list()) {
                        out.println(p.cid() + " " + p.mode().label() + (p.name() == null ? "" : " " + p.name()));
                    }
                }
            }
            out.flush();
            return 0;
        }
    }
}
