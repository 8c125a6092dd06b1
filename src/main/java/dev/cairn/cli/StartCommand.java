package dev.cairn.cli;

import dev.cairn.Logging;
import dev.cairn.Node;
import dev.cairn.NodeSettings;
import dev.cairn.api.ServerOptions;
import dev.cairn.config.Config;
import dev.cairn.config.ConfigLoader;
import dev.cairn.store.Quota;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "start", description = {"Run a node on the data directory until SIGTERM or SIGINT (Ctrl-C).",
        "Default address 127.0.0.1:8080; --host 0.0.0.0 exposes it to the network."})
final class StartCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (default 127.0.0.1).")
    String host;

    @CommandLine.Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (default 8080; 0 picks a free one).")
    Integer port;

    @CommandLine.Option(names = "--config", paramLabel = "FILE", description = "A config file layered over <data-dir>/config.yaml.")
    Path configFile;

    @CommandLine.Option(names = "--peers", paramLabel = "HOST:PORT", split = ",", description = "Peers to connect to (comma-separated).")
    List<String> peers = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dataDir = ((CairnCommand) spec.root().userObject()).dataDir.resolve();
        Config config = ConfigLoader.load(dataDir, System.getenv());
        String h = host != null ? host : envOr("DCMX_HOST", "127.0.0.1");
        int p = port != null ? port : Integer.parseInt(envOr("DCMX_PORT", "8080"));
        if (p < 0 || p > 65535) throw new ErrorHandler.UsageException("--port must be 0..65535, got " + p);
        Logging.forNode(dataDir, false, "INFO");
        NodeSettings settings = new NodeSettings(dataDir, ServerOptions.defaults(h, p), new Quota(config.store().maxBytes()),
                peers, false, "INFO");
        CountDownLatch stop = new CountDownLatch(1);
        try (Node node = Node.start(settings)) {
            onTermination(stop);
            spec.commandLine().getOut().println("Cairn node " + node.peerId() + " listening on " + node.url());
            spec.commandLine().getOut().flush();
            stop.await();
        }
        return 0;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** SIGTERM and SIGINT end the wait, so the node closes in order and the process exits 0. */
    @SuppressWarnings("restriction")
    private static void onTermination(CountDownLatch stop) {
        for (String name : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.countDown());
        }
    }
}
