package dev.cairn.cli;

import dev.cairn.content.Cid;
import dev.cairn.content.DagReader;
import dev.cairn.store.Repo;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "cat", description = "Write a file's bytes (or a range of them) to standard output.")
final class CatCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "CID")
    Cid cid;

    @CommandLine.Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Start at byte N.")
    long offset;

    @CommandLine.Option(names = "--length", paramLabel = "N", description = "Write at most N bytes.")
    Long length;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (offset < 0) throw new ErrorHandler.UsageException("--offset must not be negative");
        if (length != null && length < 0) throw new ErrorHandler.UsageException("--length must not be negative");
        var node = CairnCommand.node(spec);
        if (node.isPresent()) {
            Map<String, String> headers = new java.util.HashMap<>();
            if (offset > 0 || length != null) {
                if (length != null && length == 0) return 0;
                headers.put("Range", "bytes=" + offset + "-" + (length == null ? "" : Long.toString(offset + length - 1)));
            }
            try (var in = node.get().getStream("/content/" + cid, headers)) {
                in.transferTo(new FileOutputStream(FileDescriptor.out));
            }
            return 0;
        }
        try (Repo repo = CairnCommand.openRepo(spec)) {
            DagReader reader = repo.read(cid, offset, length == null ? Long.MAX_VALUE : length);
            // Unbuffered: the reader hands over whole blocks, and a buffer would only add a copy.
            OutputStream out = new FileOutputStream(FileDescriptor.out);
            reader.writeTo(out);
            out.flush();
        }
        return 0;
    }
}
