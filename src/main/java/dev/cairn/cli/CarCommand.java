package dev.cairn.cli;

import dev.cairn.content.Cid;
import dev.cairn.store.Repo;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "car", description = "Export and import CAR v1 archives.",
        subcommands = {CarCommand.Export.class, CarCommand.Import.class})
final class CarCommand {

    @Command(name = "export", description = "Write the DAG under CID to a CAR file.")
    static final class Export implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "CID")
        Cid cid;

        @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true)
        Path output;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path parent = output.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(parent, "." + output.getFileName(), ".part");
            var node = CairnCommand.node(spec);
            try {
                long blocks;
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                    if (node.isPresent()) {
                        blocks = Repo.exportCar(new GatewayBlocks(node.get()), cid, out);
                    } else {
                        try (Repo repo = CairnCommand.openRepo(spec)) {
                            blocks = repo.exportCar(cid, out);
                        }
                    }
                }
                Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                spec.commandLine().getErr().println("exported " + blocks + " blocks of " + cid + " to " + output);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Import a CAR file, verifying every block, and pin its roots.")
    static final class Import implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "FILE")
        Path file;

        @CommandLine.Option(names = "--no-pin", description = "Do not pin the roots.")
        boolean noPin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<Cid> roots;
            var node = CairnCommand.node(spec);
            if (node.isPresent()) {
                var r = node.get().postJson("/api/v1/car" + (noPin ? "?pin=false" : ""),
                        NodeClient.Body.of(file));
                for (var root : r.get("roots")) spec.commandLine().getOut().println("imported " + root.asText());
                spec.commandLine().getOut().flush();
                return 0;
            }
            try (Repo repo = CairnCommand.openRepo(spec);
                    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                roots = repo.importCar(in, !noPin);
            }
            for (Cid root : roots) spec.commandLine().getOut().println("imported " + root);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
