package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.catalog.Library;
import dev.cairn.catalog.Metadata;
import dev.cairn.content.Cid;
import dev.cairn.content.ImportProfile;
import dev.cairn.store.AddOptions;
import dev.cairn.store.AddResult;
import dev.cairn.store.Repo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "add", description = {
        "Add files (or directories with -r) and pin them. Prints 'added <cid> <sha256> <path>' per file",
        "(directories show '-' for the hash); with -q only the root CIDs, the --wrap directory last.",
        "Each file also becomes a library item, with metadata from its tags and the flags below."})
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

    @CommandLine.Mixin
    MetadataOptions metadata;

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
        Optional<NodeClient> node = CairnCommand.node(spec);
        if (node.isPresent()) return remote(node.get());
        AddOptions options = new AddOptions(p, recursive, wrap, hidden, !noPin);
        AddResult result;
        try (Repo repo = CairnCommand.openRepo(spec); Progress progress = Progress.forTerminal("adding", totalSize())) {
            Metadata given = metadata.toMetadata();
            result = new Library(repo, dev.cairn.catalog.Tags.SOURCE).addPaths(paths, options, given, progress::update).result();
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

    /** With a node running, each file is uploaded to it; a tree or a wrapped add then sends its directory blocks as a CAR. */
    private int remote(NodeClient node) throws Exception {
        if (recursive || wrap) return remoteTree(node);
        for (Path path : paths) {
            if (Files.isDirectory(path)) throw new IllegalArgumentException(path + " is a directory; use -r to add it recursively");
            if (!Files.isRegularFile(path)) throw new java.nio.file.NoSuchFileException(path.toString());
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Path path : paths) {
            Map<String, String> params = new LinkedHashMap<>(metadata.toParams());
            params.put("name", path.getFileName().toString());
            params.put("profile", profile);
            if (noPin) params.put("pin", "false");
            JsonNode item = upload(node, path, params);
            out.println(quiet ? item.get("cid").asText()
                    : "added " + item.get("cid").asText() + " " + item.get("content_hash").asText() + " " + path);
        }
        out.flush();
        return 0;
    }

    /**
     * A tree (or a wrapped add) through the running node: the CIDs are computed here first, with
     * nothing stored; each file is then uploaded as a library item (the node must reach the same
     * CID), and the directory blocks follow as a CAR, which the node checks is complete and pins.
     * The files stay pinned one by one until the CAR's root is, so a GC between never takes them.
     */
    private int remoteTree(NodeClient node) throws Exception {
        java.util.Map<Cid, byte[]> directories = new LinkedHashMap<>();
        dev.cairn.store.AddResult plan = dev.cairn.store.Repo.importWithoutStoring(paths,
                new dev.cairn.store.AddOptions(ImportProfile.named(profile), recursive, wrap, hidden, false),
                b -> directories.putIfAbsent(b.cid().toV1(), b.data()), bytes -> {});
        java.util.List<Cid> pinnedHere = new java.util.ArrayList<>();
        try {
            for (dev.cairn.store.AddResult.Entry e : plan.entries()) {
                if (e.directory()) continue;
                boolean pinnedBefore = isPinned(node, e.cid());
                Map<String, String> params = new LinkedHashMap<>(metadata.toParams());
                params.put("name", e.name());
                params.put("profile", profile);
                JsonNode item = upload(node, e.path(), params);
                Cid got = Cid.parse(item.get("cid").asText());
                if (!got.toV1().equals(e.cid().toV1())) {
                    throw new java.io.IOException("the node made " + got + " of " + e.path() + ", not " + e.cid() + " as computed here; nothing of the tree was pinned");
                }
                if (!pinnedBefore) pinnedHere.add(got);
            }
            java.io.ByteArrayOutputStream car = new java.io.ByteArrayOutputStream();
            dev.cairn.content.CarWriter writer = new dev.cairn.content.CarWriter(car, wrap ? java.util.List.of(plan.roots().getLast()) : plan.roots());
            for (var d : directories.entrySet()) writer.write(d.getKey(), d.getValue());
            node.postJson("/api/v1/car" + (noPin ? "?pin=false" : ""), NodeClient.Body.of(car.toByteArray()));
        } finally {
            for (Cid c : pinnedHere) {
                try {
                    node.delete("/api/v1/pins/" + c + "?scope=local");
                } catch (java.io.IOException e) {
                    spec.commandLine().getErr().println("cairn: could not remove the temporary pin of " + c + ": " + e.getMessage());
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            for (Cid root : plan.roots()) out.println(root);
        } else {
            for (dev.cairn.store.AddResult.Entry e : plan.entries()) {
                out.println("added " + e.cid() + " " + (e.sha256() == null ? "-" : e.sha256()) + " " + (e.path() == null ? "" : e.path()));
            }
        }
        out.flush();
        return 0;
    }

    private static boolean isPinned(NodeClient node, Cid cid) throws java.io.IOException {
        try {
            return "local".equals(node.getJson("/api/v1/pins/" + cid).path("scope").asText());
        } catch (NodeClient.ApiError e) {
            if (e.status == 404) return false;
            throw e;
        }
    }

    /** Uploads one file to the node as a library item (pinned unless params say pin=false); the item as the API returns it. */
    static JsonNode upload(NodeClient node, Path path, Map<String, String> params) throws java.io.IOException {
        return node.postJson("/api/v1/items" + NodeClient.query(params), NodeClient.Body.of(path));
    }

    private long totalSize() {
        long total = 0;
        for (Path p : paths) {
            try {
                if (Files.isRegularFile(p)) total += Files.size(p);
            } catch (java.io.IOException ignored) {
                // the add itself reports unreadable paths
            }
        }
        return total;
    }
}
