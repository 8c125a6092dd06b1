package dev.cairn.cli;

import dev.cairn.store.Repo;
import dev.cairn.util.Sizes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "gc", description = "Remove every block that no pin reaches.")
final class GcCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var node = CairnCommand.node(spec);
        if (node.isPresent()) {
            var r = node.get().postJson("/api/v1/gc", NodeClient.Body.NONE);
            spec.commandLine().getOut().printf("removed %d blocks (%s); kept %d pinned blocks, %s in use%n",
                    r.get("removed_blocks").asLong(), Sizes.format(r.get("removed_bytes").asLong()), r.get("kept_blocks").asLong(),
                    Sizes.format(r.get("used_bytes").asLong()));
            return 0;
        }
        try (Repo repo = CairnCommand.openRepo(spec)) {
            Repo.GcResult r = repo.gc();
            spec.commandLine().getOut().printf("removed %d blocks (%s); kept %d pinned blocks, %s in use%n",
                    r.removedBlocks(), Sizes.format(r.removedBytes()), r.keptBlocks(), Sizes.format(r.usedBytes()));
        }
        return 0;
    }
}
