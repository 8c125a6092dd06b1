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
}
