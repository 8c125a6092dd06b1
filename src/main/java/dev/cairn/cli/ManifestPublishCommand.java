package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "publish", description = {"Pin every file of a signed manifest across the replication cluster at the manifest's level.",
        "The running node verifies it first with its trusted keys (<data-dir>/trusted-keys/*.pub) and the",
        "sequences it has seen; files of older sequences of the same name that this one no longer lists",
        "are unpinned from the cluster. Prints one line per file: '<state> <cid> <path>'."})
final class ManifestPublishCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "FILE")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NodeClient node = CairnCommand.runningNode(spec, "manifest publish needs");
        JsonNode r = node.postJson("/api/v1/manifests", NodeClient.Body.of(file));
        PrintWriter out = spec.commandLine().getOut();
        out.println("published " + r.path("name").asText() + " " + r.path("version").asText() + " (sequence " + r.path("sequence").asLong()
                + ") at level " + r.path("level").asText() + ", " + r.path("replicas").asInt() + " copies of each file");
        for (JsonNode f : r.path("files")) out.println(f.path("state").asText() + " " + f.path("cid").asText() + " " + f.path("path").asText());
        for (JsonNode c : r.path("superseded")) out.println("unpinned " + c.asText() + " (an older sequence's file)");
        out.flush();
        return 0;
    }
}
