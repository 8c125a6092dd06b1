package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.content.PathExporter;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.ManifestFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "fetch", description = {"Download every file of a signed manifest into a directory and check each one.",
        "The running node verifies the manifest first (trusted keys in <data-dir>/trusted-keys/, sequences seen),",
        "downloads each file from its peers and pins it; each file is written under DIR at its manifest path",
        "and its size and SHA-256 are checked against the manifest. A file that does not match is removed",
        "and the command exits 1 naming it."})
final class ManifestFetchCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "FILE")
    Path file;

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Directory to write the files into.")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NodeClient node = CairnCommand.runningNode(spec, "manifest fetch needs");
        Manifest m = ManifestCodec.parse(Files.readAllBytes(file)); // the node verifies; this only reads the paths
        JsonNode r = node.postJson("/api/v1/manifests/fetch", NodeClient.Body.of(file));
        PrintWriter out = spec.commandLine().getOut();
        Path root = dir.toAbsolutePath().normalize();
        int i = 0;
        for (ManifestFile f : m.files()) {
            JsonNode t = r.path("transfers").get(i++);
            Path target = root.resolve(f.path()).normalize();
            if (!target.startsWith(root)) throw new IOException("manifest path " + f.path() + " leaves " + root);
            Files.createDirectories(target.getParent());
            new PathExporter(new GatewayBlocks(node)).export(f.cid(), target);
            TransferWatch.start(node, t.path("transfer").asText(), "fetch " + f.path()).awaitDone(f.path() + " (" + f.cid() + ")");
            String problem = check(target, f);
            if (problem != null) {
                Files.deleteIfExists(target);
                throw new IOException("CONTENT_MISMATCH: " + f.path() + ": " + problem + "; the file was removed");
            }
            out.println("fetched " + f.cid() + " " + f.path() + " (" + f.size() + " bytes, sha256 ok)");
            out.flush();
        }
        out.println("OK " + m.name() + " " + m.version() + " " + m.sequence() + ": " + m.files().size() + " files in " + root);
        out.flush();
        return 0;
    }

    private static String check(Path written, ManifestFile f) throws IOException {
        MessageDigest sha = dev.cairn.content.Multihash.newSha256();
        long size = 0;
        try (InputStream in = new DigestInputStream(Files.newInputStream(written), sha)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) size += n;
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (size != f.size()) return "size " + size + ", the manifest says " + f.size();
        if (!actual.equals(f.sha256())) return "sha256 " + actual + ", the manifest says " + f.sha256();
        return null;
    }
}
