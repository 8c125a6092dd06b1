package dev.cairn.cli;

import dev.cairn.Node;
import dev.cairn.NodeSettings;
import dev.cairn.api.ServerOptions;
import dev.cairn.net.NetworkOptions;
import dev.cairn.net.PeerAddress;
import dev.cairn.store.Quota;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The run the launcher records the JVM's ahead-of-time cache from (JEP 483/514/515): the
 * classes it loads and the methods it profiles are ready in every later run. It goes the ways
 * users' commands go: an add with no node, then two nodes on loopback where the second fetches
 * the file from the first for a {@code cairn get}, and a {@code cairn list} through a node. All
 * of it happens in {@code DIR}, which the launcher deletes afterwards.
 */
@Command(name = "aot-training", hidden = true, description = "Exercise the common paths once, for the JVM's AOT cache (the launcher runs this).")
final class AotTrainingCommand implements Callable<Integer> {
    /** Enough for hashing, block I/O and transfers to be profiled, small enough to take a few seconds. */
    private static final int FILE_SIZE = 32 << 20;
    private static final Duration PEER_WAIT = Duration.ofSeconds(15);

    @CommandLine.Parameters(paramLabel = "DIR", description = "An empty folder to work in.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path file = dir.resolve("training.bin");
        writeRandomFile(file);
        Path seederData = dir.resolve("seeder");
        Path downloaderData = dir.resolve("downloader");
        String cid = run("--data-dir", seederData.toString(), "add", "-q", file.toString()).strip();
        try (Node seeder = Node.start(settings(seederData, List.of()));
                Node downloader = Node.start(settings(downloaderData, List.of(new PeerAddress("127.0.0.1", seeder.port()))))) {
            long deadline = System.nanoTime() + PEER_WAIT.toNanos();
            while (downloader.network().livePeers().isEmpty()) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the training nodes did not find each other");
                Thread.sleep(50);
            }
            run("--data-dir", downloaderData.toString(), "get", cid, "-o", dir.resolve("got.bin").toString());
            run("--data-dir", downloaderData.toString(), "list");
        }
        return 0;
    }

    private static NodeSettings settings(Path data, List<PeerAddress> peers) {
        return NodeSettings.of(data, ServerOptions.defaults("127.0.0.1", 0), Quota.UNLIMITED)
                .withNetwork(NetworkOptions.of(peers, Duration.ofSeconds(1), 50));
    }

    private static void writeRandomFile(Path file) throws java.io.IOException {
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(1);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < FILE_SIZE / chunk.length; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
    }

    /** Runs one command line in this JVM, as {@link Main} would; its standard output, or an exception if it failed. */
    private static String run(String... args) {
        CommandLine cli = Main.commandLine(new CairnCommand(), args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        if (code != 0) throw new IllegalStateException("training step " + String.join(" ", args) + " exited " + code + ": " + err);
        return out.toString();
    }
}
