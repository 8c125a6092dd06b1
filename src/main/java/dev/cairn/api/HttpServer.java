package dev.cairn.api;

import dev.cairn.catalog.Library;
import dev.cairn.gateway.Gateway;
import dev.cairn.metrics.NodeMetrics;
import dev.cairn.net.Network;
import dev.cairn.replication.Cluster;
import dev.cairn.net.Protocol;
import dev.cairn.swarm.Swarm;
import dev.cairn.store.Repo;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.SizeUnit;
import io.javalin.http.HandlerType;
import java.nio.file.Path;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP server (Javalin on Jetty, virtual threads): the seed endpoints, content,
 * and the token-protected write API. All routes are declared here, in one table.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger ACCESS = LoggerFactory.getLogger("cairn.access");

    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    /** Peers on one host share an address: their protocol requests get a budget of their own, well above seed 000's 100/min. */
    private static final int PEER_REQUESTS_PER_MINUTE = 6000;

    /** @param swarm the network side (peer routes, fetching what is missing, transfers) */
    public static HttpServer start(ServerOptions options, NodeInfo info, Repo repo, Library library, ApiToken token,
            NodeMetrics metrics, Swarm swarm, Cluster cluster) {
        Network network = swarm.network();
        SeedRoutes seed = new SeedRoutes(info, repo, library, network);
        ContentRoutes content = new ContentRoutes(repo, library, swarm, metrics);
        WriteRoutes write = new WriteRoutes(repo, library, options.maxUploadBytes(), metrics);
        Gateway local = new Gateway(repo.blocks());
        GatewayRoutes gateway = new GatewayRoutes(local, new Gateway(swarm.source()), swarm);
        PeerRoutes peer = new PeerRoutes(network, repo);
        TransferRoutes transfers = new TransferRoutes(swarm, library);
        PinRoutes pinRoutes = new PinRoutes(repo, cluster, info.peerId());
        ClusterRoutes clusterRoutes = new ClusterRoutes(cluster);
        ClusterOpRoutes clusterOps = new ClusterOpRoutes(cluster);
        ManifestRoutes manifests = new ManifestRoutes(repo, cluster, swarm);
        RateLimiter writes = new RateLimiter(options.writesPerMinute());
        RateLimiter reads = new RateLimiter(options.readsPerMinute());
        RateLimiter peers = new RateLimiter(PEER_REQUESTS_PER_MINUTE);
        Path uploads = repo.dataDir().resolve("blocks/.tmp");

        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = options.maxJsonBytes();
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            config.jetty.multipartConfig.cacheDirectory(uploads.toString());
            config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            config.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(options.maxHeaderBytes());
                http.setSendServerVersion(false);
            });
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000); // in-flight responses get this long at shutdown
                for (var c : server.getConnectors()) {
                    if (c instanceof ServerConnector sc) sc.setIdleTimeout(options.idleTimeout().toMillis());
                }
            });
            config.requestLogger.http((ctx, ms) -> {
                var endpoint = ctx.endpoints().lastHttpEndpoint();
                String route = endpoint == null ? "unmatched" : endpoint.path;
                metrics.request(ctx.method().name(), route, ctx.status().getCode(), java.time.Duration.ofNanos((long) (ms * 1e6)));
                if (ACCESS.isInfoEnabled()) {
                    ACCESS.info("{} {} {} {} {}ms", ctx.ip(), ctx.method(), ctx.path(), ctx.status().getCode(), String.format("%.1f", ms));
                }
            });

            config.routes.before(ctx -> {
                boolean writing = ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD
                        && ctx.method() != HandlerType.OPTIONS;
                boolean peerProtocol = ctx.path().equals("/discover") || ctx.path().startsWith(Protocol.PREFIX + "/");
                (peerProtocol ? peers : writing ? writes : reads).acquire(ctx.ip());
                if (writing && ctx.path().startsWith("/api/") && !token.accepts(ctx.header("Authorization"))) {
                    throw ApiException.unauthorized();
                }
            });

            config.routes.get("/ping", seed::ping);
            config.routes.get("/health", seed::health);
            config.routes.get("/status", seed::status);
            config.routes.get("/stats", seed::stats);
            config.routes.get("/tracks", seed::tracks);
            config.routes.get("/peers", peer::peers);
            config.routes.post("/discover", peer::discover);
            config.routes.get(Protocol.PREFIX + "/library", peer::library);
            config.routes.post(Protocol.PREFIX + "/have", peer::have);
            config.routes.post(Protocol.PREFIX + "/announce", peer::announce);
            config.routes.get(Protocol.PREFIX + "/cluster/status", clusterRoutes::status);
            config.routes.get(Protocol.PREFIX + "/cluster/pinset", clusterRoutes::pinset);
            if (options.metrics()) {
                config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            }
            config.routes.get("/content/{id}", content::serve);
            config.routes.head("/content/{id}", content::serve);
            config.routes.get("/ipfs/<path>", gateway::serve);
            config.routes.head("/ipfs/<path>", gateway::serve);

            config.routes.post("/api/v1/items", write::add);
            config.routes.get("/api/v1/items", write::list);
            config.routes.get("/api/v1/items/{id}", write::get);
            config.routes.patch("/api/v1/items/{id}", write::edit);
            config.routes.delete("/api/v1/items/{id}", write::delete);
            config.routes.get("/api/v1/pins", pinRoutes::list);
            config.routes.get("/api/v1/pins/{cid}", pinRoutes::get);
            config.routes.post("/api/v1/pins/{cid}", pinRoutes::pin);
            config.routes.delete("/api/v1/pins/{cid}", pinRoutes::unpin);
            config.routes.get("/api/v1/cluster", pinRoutes::cluster);
            config.routes.post("/api/v1/cluster/ops/draft", clusterOps::draft);
            config.routes.post("/api/v1/cluster/ops", clusterOps::submit);
            config.routes.get("/api/v1/manifests", manifests::list);
            config.routes.post("/api/v1/manifests", manifests::publish);
            config.routes.post("/api/v1/manifests/verify", manifests::verify);
            config.routes.post("/api/v1/manifests/fetch", manifests::fetch);
            config.routes.post("/api/v1/gc", write::gc);
            config.routes.post("/api/v1/verify", write::verify);
            config.routes.get("/api/v1/jobs/{id}", write::job);
            config.routes.post("/api/v1/car", write::importCar);
            config.routes.post("/api/v1/transfers", transfers::start);
            config.routes.get("/api/v1/transfers", transfers::list);
            config.routes.get("/api/v1/transfers/{id}", transfers::get);
            config.routes.delete("/api/v1/transfers/{id}", transfers::cancel);

            config.routes.exception(Exception.class, ErrorMapper::handle);
            config.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    ErrorMapper.write(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path());
                }
            });
        });
        app.start();
        return new HttpServer(app);
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting, gives in-flight requests the stop timeout to finish, then closes. */
    @Override
    public void close() {
        app.stop();
    }
}
