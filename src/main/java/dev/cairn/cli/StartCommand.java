package dev.cairn.cli;

import dev.cairn.Logging;
import dev.cairn.Node;
import dev.cairn.NodeSettings;
import dev.cairn.api.ServerOptions;
import dev.cairn.config.Config;
import dev.cairn.config.ConfigException;
import dev.cairn.config.ConfigLoader;
import dev.cairn.config.Keys;
import dev.cairn.config.LogSection;
import dev.cairn.net.NetworkOptions;
import dev.cairn.net.PeerAddress;
import dev.cairn.replication.ReplicationOptions;
import dev.cairn.swarm.SwarmOptions;
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
    @CommandLine.Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (node.host, default 127.0.0.1).")
    String host;

    @CommandLine.Option(names = "--port", paramLabel = "PORT", description = "Port to listen on (node.port, default 8080; 0 picks a free one).")
    Integer port;

    @CommandLine.Option(names = "--config", paramLabel = "FILE", description = "A config file layered over <data-dir>/config.yaml.")
    Path configFile;

    @CommandLine.Option(names = "--peers", paramLabel = "HOST:PORT", split = ",", description = "Peers to connect to (comma-separated).")
    List<String> peers = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DataDirOption data = CairnCommand.dataDir(spec);
        Path dataDir = data.resolve();
        java.nio.file.Files.createDirectories(dataDir);
        ConfigLoader.writeDefaults(dataDir);
        Config config = data.configBuilder()
                .configFile(configFile)
                .flag(Keys.NODE_HOST, "--host", host)
                .flag(Keys.NODE_PORT, "--port", port)
                .load().config();
        if (config.tls().certFile().isPresent()) {
            throw new ConfigException("tls.cert_file: TLS is not implemented yet; run the node behind a TLS proxy for now");
        }
        var api = config.api();
        ServerOptions server = new ServerOptions(config.node().host(), config.node().port(), api.writeRateLimitPerMinute(),
                api.readRateLimitPerMinute(), 1 << 20, api.maxBodyBytes(), (int) api.maxHeaderBytes(), api.idleTimeout(),
                config.metrics().enabled());
        boolean json = config.log().format() == LogSection.Format.JSON;
        String level = config.log().level().name();
        Logging.forNode(dataDir, json, level, config.log().file());
        List<PeerAddress> bootstrap = new java.util.ArrayList<>();
        for (String p : peers) {
            try {
                bootstrap.add(PeerAddress.parse(p));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--peers: " + e.getMessage());
            }
        }
        config.network().bootstrap().forEach(hp -> bootstrap.add(new PeerAddress(hp.host(), hp.port())));
        var net = config.network();
        if (config.swarm().minStreams() > config.swarm().maxStreams()) {
            throw new ConfigException("swarm.min_streams (" + config.swarm().minStreams() + ") must not exceed swarm.max_streams ("
                    + config.swarm().maxStreams() + ")");
        }
        NodeSettings settings = new NodeSettings(dataDir, server, new Quota(config.store().maxBytes()),
                NetworkOptions.of(bootstrap, net.discoveryInterval(), net.maxPeers()),
                new SwarmOptions(config.swarm().minStreams(), config.swarm().maxStreams(), net.maxUploadRate(),
                        net.maxDownloadRate(), java.time.Duration.ofSeconds(60), config.swarm().pipeline()),
                replication(config.replication()),
                json, level, api.tokenFile().orElse(null), config.store().reverifyAfter());
        CountDownLatch stop = new CountDownLatch(1);
        try (Node node = Node.start(settings)) {
            onTermination(stop);
            spec.commandLine().getOut().println("Cairn node " + node.peerId() + " listening on " + node.url());
            spec.commandLine().getOut().flush();
            stop.await();
        }
        return 0;
    }

    private static ReplicationOptions replication(dev.cairn.config.ReplicationSection r) {
        return new ReplicationOptions(r.clusterSecret(), r.operatorKeys(), r.operatorKey(), r.memberCert(), r.repairDelay(), r.interval(),
                r.tombstoneTtl());
    }

    /** SIGTERM and SIGINT end the wait, so the node closes in order and the process exits 0. */
    @SuppressWarnings("restriction")
    private static void onTermination(CountDownLatch stop) {
        for (String name : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.countDown());
        }
    }
}
