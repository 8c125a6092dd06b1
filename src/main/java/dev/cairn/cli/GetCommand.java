package dev.cairn.cli;

import dev.cairn.catalog.Catalog;
import dev.cairn.catalog.ContentHash;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.CarReader;
import dev.cairn.content.Cid;
import dev.cairn.content.PathExporter;
import dev.cairn.content.UnixFsFileAssembler;
import dev.cairn.content.UnixFsNode;
import dev.cairn.store.Repo;
import dev.cairn.util.JsonFields;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "get", description = {"Write a file or directory to the local file system.",
        "With a node running, what is not stored locally is fetched from every peer that has it, at once,",
        "and cached (unpinned unless --pin); an interrupted get resumes from the blocks already stored."})
final class GetCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "ID", description = "A CID, or a whole-file SHA-256 from the library or the network.")
    String id;

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "Where to write it (default: ./<cid>).")
    Path output;

    @CommandLine.Option(names = "--pin", description = "Pin what is fetched, so garbage collection keeps it.")
    boolean pin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!ContentHash.isSha256(id)) {
            try {
                Cid.parse(id);
            } catch (dev.cairn.content.CidFormatException e) {
                throw new ErrorHandler.UsageException(e.getMessage());
            }
        }
        var node = CairnCommand.node(spec);
        if (node.isPresent()) return viaNode(node.get());
        try (Repo repo = CairnCommand.openRepo(spec)) {
            Cid cid = ContentHash.isSha256(id)
                    ? new Catalog(repo.database()).find(id).orElseThrow(() -> new java.io.IOException(
                            "no item with SHA-256 " + id + " in the library; start the node (cairn start) to look on the network")).cid()
                    : Cid.parse(id);
            Path out = output != null ? output : Path.of(cid.toString());
            long bytes;
            try {
                bytes = new PathExporter(repo.blocks()).export(cid, out);
            } catch (BlockNotFoundException e) {
                throw new java.io.IOException(e.getMessage() + " in the local repository; start the node (cairn start) "
                        + "to fetch it from peers", e);
            }
            if (pin) repo.pin(cid, dev.cairn.store.Pin.Mode.RECURSIVE, null);
            saved(cid, out, bytes);
        }
        return 0;
    }

    /**
     * The node downloads the whole DAG from its peers while this command writes it out from the
     * node as the blocks arrive; progress comes from the transfer. A file comes as a CAR of its
     * DAG in the order its blocks reach the node ({@code order=unk}), each block written at its
     * place in the file at once (see {@link #fetchFile}). A directory comes block by block, each
     * verified here, because its entries are written one by one.
     */
    private int viaNode(NodeClient node) throws Exception {
        String body = "{\"cid\":\"" + id.replace("\\", "").replace("\"", "") + "\",\"pin\":" + pin + "}";
        JsonFields t = node.postFields("/api/v1/transfers", NodeClient.Body.of(body));
        Cid cid = Cid.parse(t.text("cid", ""));
        String transfer = t.text("id", "");
        Path out = output != null ? output : Path.of(cid.toString());
        TransferWatch watch = TransferWatch.start(node, transfer, "get " + cid.toString().substring(0, Math.min(12, cid.toString().length())));
        long bytes;
        try {
            GatewayBlocks blocks = new GatewayBlocks(node);
            UnixFsNode top = UnixFsNode.decode(cid, blocks.get(cid));
            bytes = top.isFile() ? fetchFile(node, cid, top.contentSize(), out) : new PathExporter(blocks).export(cid, out);
        } finally {
            watch.stopDrawing();
        }
        watch.awaitDone(cid.toString());
        saved(cid, out, bytes);
        return 0;
    }

    /** A CAR of a whole DAG, its blocks in the order they reach the node, each once. */
    private static final String CAR_AS_THEY_COME = "application/vnd.ipld.car; version=1; order=unk; dups=n";

    /**
     * Writes the file {@code cid} (of {@code size} bytes) to {@code out}. Into a file, blocks go
     * to their places as the node passes them on: a stream of the file's bytes in order had to
     * wait behind each late block, and in the swarm benchmark ended 0.1-0.3 s after the
     * download while it caught up. To a device or a pipe, which cannot be written out of order,
     * the bytes come as one stream ({@code GET /ipfs/{cid}}). Either way the node has verified
     * every block, so they are not hashed again here: one process's worth of hashing costs a
     * command, which runs with one compiler tier, about 7 s of CPU per GiB. The shape and size
     * are checked.
     */
    private static long fetchFile(NodeClient node, Cid cid, long size, Path out) throws java.io.IOException {
        return PathExporter.replaceFile(out, channel -> {
            try (java.io.InputStream in = new java.io.BufferedInputStream(node.getStream("/ipfs/" + cid + "?format=car&dag-scope=all",
                    java.util.Map.of("Accept", CAR_AS_THEY_COME)), 64 * 1024)) {
                return UnixFsFileAssembler.assemble(new CarReader(in), cid, size, channel);
            }
        }, os -> {
            long n;
            try (java.io.InputStream in = node.getStream("/ipfs/" + cid, java.util.Map.of())) {
                n = in.transferTo(os);
            }
            if (n != size) throw new java.io.IOException("the node sent " + n + " bytes of " + cid + ", which has " + size);
            return n;
        });
    }

    private void saved(Cid cid, Path out, long bytes) {
        spec.commandLine().getErr().println("saved " + cid + " to " + out + " (" + bytes + " bytes)");
    }
}
