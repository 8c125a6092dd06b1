package dev.cairn.cli;

import dev.cairn.Node;
import dev.cairn.NodeFile;
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
 * The runs the launcher records the JVM's ahead-of-time caches from (JEP 483/514/515): the
 * classes a run loads and the methods it profiles are ready in every later run of its kind.
 * There are two kinds, each with its own cache, because a cache's classes are all loaded at
 * start-up and its profiles send hot methods to C2 early: a client command given the node's
 * cache loads some 5,000 classes it never uses (Jetty, SQLite, the swarm) and compiles for a
 * node's work: a {@code cairn get} through a node took a median 357 ms with the node's cache
 * and 311 ms with its own (interleaved runs on 2 cores).
 * <ul>
 *   <li>node (the default): an add with no node, then two nodes on loopback in this JVM where
 *       the second fetches the file from the first for a {@code cairn get}, and a
 *       {@code cairn list} through a node;
 *   <li>{@code --client}: only commands, as users type them: an add and a get with no node,
 *       then, against a node started in a separate process (so none of its classes are
 *       recorded here), an add, a get, {@code list}, {@code id}, {@code peers} and {@code stop}.
 * </ul>
 * All of it happens in {@code DIR}, which the launcher deletes afterwards.
 */
@Command(name = "aot-training", hidden = true, description = "Exercise the common paths once, for the JVM's AOT cache (the launcher runs this).")
final class AotTrainingCommand implements Callable<Integer> {
    /** For nodes: enough for hashing, block I/O and transfers to be profiled, small enough to take a few seconds. */
    private static final int NODE_FILE_SIZE = 32 << 20;
    /**
     * For clients: small. A cache's method profiles make the JIT compile those methods early in
     * every run, which a short command pays for on a small machine and never gets back: with
     * the client cache trained on 32 MiB, a {@code cairn get} through a node took 0.35 s, on
     * 1 MiB 0.30 s, while a 256 MiB add with no node went from 1.10 to 1.14 s.
     */
    private static final int CLIENT_FILE_SIZE = 1 << 20;
    private static final Duration PEER_WAIT = Duration.ofSeconds(15);
    private static final Duration NODE_WAIT = Duration.ofSeconds(60);

    @CommandLine.Parameters(paramLabel = "DIR", description = "An empty folder to work in.")
    Path dir;

    @CommandLine.Option(names = "--client", description = "Train the client commands only, against a node in another process.")
    boolean client;

    @Override
    public Integer call() throws Exception {
        Path file = dir.resolve("training.bin");
        writeRandomFile(file, client ? CLIENT_FILE_SIZE : NODE_FILE_SIZE);
        return client ? trainClient(file) : trainNode(file);
    }

    private int trainNode(Path file) throws Exception {
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

    private int trainClient(Path file) throws Exception {
        Path local = dir.resolve("local");
        String cid = run("--data-dir", local.toString(), "add", "-q", file.toString()).strip();
        run("--data-dir", local.toString(), "get", cid, "-o", dir.resolve("got-local.bin").toString());
        Path served = dir.resolve("node");
        Process node = startNode(served);
        try {
            long deadline = System.nanoTime() + NODE_WAIT.toNanos();
            while (NodeFile.running(served).isEmpty()) {
                if (!node.isAlive()) throw new IllegalStateException("the training node exited " + node.exitValue());
                if (System.nanoTime() > deadline) throw new IllegalStateException("the training node did not start");
                Thread.sleep(50);
            }
            String data = served.toString();
            cid = run("--data-dir", data, "add", "-q", file.toString()).strip();
            run("--data-dir", data, "get", cid, "-o", dir.resolve("got.bin").toString());
            run("--data-dir", data, "list");
            run("--data-dir", data, "id");
            run("--data-dir", data, "peers");
            run("--data-dir", data, "stop");
            if (!node.waitFor(NODE_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the training node did not stop");
            }
        } finally {
            node.destroyForcibly();
        }
        return 0;
    }

    /** A node on loopback in a JVM of its own (this jar, this java, no cache), logging into DIR. */
    private Process startNode(Path data) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jar;
        try {
            jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar to start a training node from", e);
        }
        return new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", jar, Main.class.getName(),
                "--data-dir", data.toString(), "start", "--host", "127.0.0.1", "--port", "0")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile())
                .start();
    }

    private static NodeSettings settings(Path data, List<PeerAddress> peers) {
        return NodeSettings.of(data, ServerOptions.defaults("127.0.0.1", 0), Quota.UNLIMITED)
                .withNetwork(NetworkOptions.of(peers, Duration.ofSeconds(1), 50));
    }

    private static void writeRandomFile(Path file, int size) throws java.io.IOException {
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(1);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < size / chunk.length; i++) {
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
