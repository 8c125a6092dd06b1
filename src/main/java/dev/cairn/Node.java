package dev.cairn;

import dev.cairn.api.ApiToken;
import dev.cairn.api.HttpServer;
import dev.cairn.api.NodeInfo;
import dev.cairn.catalog.Library;
import dev.cairn.catalog.Tags;
import dev.cairn.net.Network;
import dev.cairn.net.NodeIdentity;
import dev.cairn.net.PeerAddress;
import dev.cairn.replication.Cluster;
import dev.cairn.swarm.Swarm;
import dev.cairn.store.Repo;
import dev.cairn.catalog.Catalog;
import dev.cairn.metrics.NodeMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds, starts and stops every part of a node in order. Start: lock
 * and open the repository, identity, token, database, HTTP server, then announce itself in
 * {@code node.json}. Stop: the reverse, letting in-flight requests finish first.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final Repo repo;
    private final HttpServer server;
    private final NodeSettings settings;
    private final NodeIdentity identity;
    private final Network network;
    private final Swarm swarm;
    private final Cluster cluster;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Node(Repo repo, HttpServer server, NodeSettings settings, NodeIdentity identity, Network network, Swarm swarm,
            Cluster cluster) {
        this.repo = repo;
        this.server = server;
        this.settings = settings;
        this.identity = identity;
        this.network = network;
        this.swarm = swarm;
        this.cluster = cluster;
    }

    public static Node start(NodeSettings settings) throws IOException {
        Repo repo = Repo.open(settings.dataDir(), settings.quota());
        Network network = null;
        Swarm swarm = null;
        Cluster cluster = null;
        try {
            repo.openDatabaseInBackground();
            repo.blocks().trustVerifiedBlocksFor(settings.trustVerifiedBlocks());
            NodeIdentity identity = NodeIdentity.loadOrCreate(settings.dataDir());
            ApiToken token = ApiToken.loadOrCreate(settings.tokenFile() != null ? settings.tokenFile() : ApiToken.file(settings.dataDir()));
            repo.database(); // fail now, not at the first request, if the database cannot open
            Library library = new Library(repo, Tags.SOURCE);
            String host = settings.server().host();
            NodeInfo info = new NodeInfo(identity.peerId(), Version.current(), Instant.now(), host, settings.quota().maxBytes());
            network = new Network(identity, repo.database(), settings.network());
            NodeMetrics metrics = metrics(repo, library, settings, network);
            swarm = new Swarm(repo, network, settings.swarm(), metrics.swarm());
            cluster = new Cluster(settings.replication(), identity, network, swarm, repo, settings.quota(), metrics.replication());
            HttpServer server = HttpServer.start(settings.server(), info, repo, library, token, metrics, swarm, cluster);
            Node node = new Node(repo, server, settings, identity, network, swarm, cluster);
            network.start(new PeerAddress(host, server.port()));
            swarm.resumeSaved();
            cluster.start();
            new NodeFile(ProcessHandle.current().pid(), node.url()).write(settings.dataDir());
            LOG.info("Cairn {} node {} listening on {} (data directory {})", Version.current(), identity.peerId(), node.url(),
                    settings.dataDir().toAbsolutePath());
            return node;
        } catch (IOException | RuntimeException e) {
            if (cluster != null) cluster.close();
            if (swarm != null) swarm.close();
            if (network != null) network.close();
            repo.close();
            throw e;
        }
    }

    private static NodeMetrics metrics(Repo repo, Library library, NodeSettings settings, Network network) {
        return new NodeMetrics(new NodeMetrics.Sources() {
            @Override
            public long tracks() {
                return stats().items();
            }

            @Override
            public long contentBytes() {
                return stats().bytes();
            }

            private Catalog.Stats stats() {
                try {
                    return library.catalog().stats();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public long storeBytes() {
                try {
                    return repo.blocks().usedBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public long storeMaxBytes() {
                return settings.quota().maxBytes();
            }

            @Override
            public long pins() {
                try {
                    return repo.pins().list().size();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public long peers() {
                return network.livePeers().size();
            }
        });
    }

    public int port() {
        return server.port();
    }

    public String url() {
        String host = settings.server().host();
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port();
    }

    public String peerId() {
        return identity.peerId();
    }

    public Repo repo() {
        return repo;
    }

    public Network network() {
        return network;
    }

    public Swarm swarm() {
        return swarm;
    }

    public Cluster cluster() {
        return cluster;
    }

    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) return; // closing twice is harmless
        LOG.info("stopping node");
        NodeFile.remove(settings.dataDir());
        try {
            cluster.close(); // first: no new fetches or releases
            swarm.close(); // before the network: a download must end as stopped, not fail for want of peers
            network.close(); // no new peers or pulls while the server drains
            server.close();
        } finally {
            repo.close();
        }
        LOG.info("node stopped");
    }
}
