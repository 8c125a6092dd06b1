package dev.cairn.cli;

import dev.cairn.content.Cid;
import dev.cairn.content.ImportProfile;
import dev.cairn.store.AddOptions;
import dev.cairn.store.AddResult;
import dev.cairn.store.Repo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "add", description = {
        "Add files (or directories with -r) and pin them. Prints 'added <cid> <sha256> <path>' per file",
        "(directories show '-' for the hash); with -q only the root CIDs, the --wrap directory last."})
final class AddCommand implements Callable<Integer> {
    @CommandLine.Parameters(arity = "1..*", paramLabel = "PATH")
    List<Path> paths;

    @CommandLine.Option(names = {"-r", "--recursive"}, description = "Add directories recursively.")
    boolean recursive;

    @CommandLine.Option(names = {"-w", "--wrap"}, description = "Wrap the added paths in a directory named after them.")
    boolean wrap;

    @CommandLine.Option(names = {"-q", "--quiet"}, description = "Print only the root CIDs.")
    boolean quiet;

    @CommandLine.Option(names = "--profile", paramLabel = "P", defaultValue = "unixfs-v1-2025",
            description = "unixfs-v1-2025 (default), v1-raw-256k-174 or unixfs-v0-2015.")
    String profile;

    @CommandLine.Option(names = {"-H", "--hidden"}, description = "Include files whose names start with a dot.")
    boolean hidden;

    @CommandLine.Option(names = "--no-pin", description = "Do not pin (the content may be garbage-collected).")
    boolean noPin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ImportProfile p;
        try {
            p = ImportProfile.named(profile);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--profile: " + e.getMessage());
        }
        AddOptions options = new AddOptions(p, recursive, wrap, hidden, !noPin);
        AddResult result;
        try (Repo repo = CairnCommand.openRepo(spec); Progress progress = Progress.forTerminal("adding", totalSize())) {
            result = repo.add(paths, options, progress::update);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            for (Cid root : result.roots()) out.println(root);
        } else {
            for (AddResult.Entry e : result.entries()) {
                String path = e.path() == null ? "" : e.path().toString();
                out.println("added " + e.cid() + " " + (e.sha256() == null ? "-" : e.sha256()) + " " + path);
            }
        }
        out.flush();
        return 0;
    }

    private long totalSize() {
        long total = 0;
        for (Path p : paths) {
            try {
                if (java.nio.file.Files.isRegularFile(p)) total += java.nio.file.Files.size(p);
            } catch (java.io.IOException ignored) {
                // the add itself reports unreadable paths
            }
        }
        return total;
    }
}
