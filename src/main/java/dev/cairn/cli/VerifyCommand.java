package dev.cairn.cli;

import dev.cairn.store.Repo;
import dev.cairn.store.VerifyReport;
import dev.cairn.util.Sizes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "verify", description = {"Re-hash every block and check every pinned DAG is complete.",
        "Prints one line per corrupt, missing or unreadable block; exit 1 if there is any."})
final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        var node = CairnCommand.node(spec);
        if (node.isPresent()) return remote(node.get(), out);
        VerifyReport report;
        try (Repo repo = CairnCommand.openRepo(spec)) {
            report = repo.verify();
        }
        for (VerifyReport.Problem p : report.problems()) out.println(p);
        long bad = report.problems().stream().filter(p -> p.kind() != VerifyReport.Kind.STRAY).count();
        out.printf("verified %d blocks (%s): %s%n", report.checkedBlocks(), Sizes.format(report.checkedBytes()),
                bad == 0 ? "all good" : bad + " problem(s)");
        out.flush();
        return report.ok() ? 0 : ErrorHandler.FAILURE;
    }

    private int remote(NodeClient node, PrintWriter out) throws Exception {
        var job = node.postJson("/api/v1/verify", NodeClient.Body.NONE);
        String id = job.get("id").asText();
        while (job.get("state").asText().equals("running")) {
            Thread.sleep(200);
            job = node.getJson("/api/v1/jobs/" + id);
        }
        if (job.get("state").asText().equals("failed")) throw new java.io.IOException(job.get("error").asText());
        var result = job.get("result");
        for (var p : result.get("problems")) out.println(p.asText());
        boolean ok = result.get("ok").asBoolean();
        out.printf("verified %d blocks (%s): %s%n", result.get("checked_blocks").asLong(),
                Sizes.format(result.get("checked_bytes").asLong()), ok ? "all good" : result.get("problems").size() + " problem(s)");
        out.flush();
        return ok ? 0 : ErrorHandler.FAILURE;
    }
}
