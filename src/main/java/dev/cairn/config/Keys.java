package dev.cairn.config;

import dev.cairn.config.LogSection.Format;
import dev.cairn.config.LogSection.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every configuration key, in one place: name, type (with what is allowed), default and meaning.
 * Parsing, validation, environment variable names, {@code config.yaml} written on first start,
 * {@code cairn config show} and the README's table all come from this list. To add a key, add
 * it here and read it in its section's record.
 */
public final class Keys {
    private static final List<Key<?>> REGISTRY = new ArrayList<>();
    private static final long UNLIMITED = Long.MAX_VALUE;

    private Keys() {}

    // ---- node ----
    public static final Key<String> NODE_HOST = key("node.host", ValueType.host(), "127.0.0.1",
            "Address the node listens on (HTTP API, web UI and peer protocol); 0.0.0.0 listens on every interface.", "DCMX_HOST");
    public static final Key<Integer> NODE_PORT = key("node.port", ValueType.integer(0, 65535), 8080,
            "TCP port the node listens on; 0 picks a free port.", "DCMX_PORT");

    // ---- api ----
    public static final Key<Long> API_MAX_BODY_BYTES = key("api.max_body_bytes", ValueType.size(1024, UNLIMITED), 1L << 30,
            "Largest request body the HTTP API accepts, uploads included; larger requests are refused.");
    public static final Key<Long> API_MAX_HEADER_BYTES = key("api.max_header_bytes", ValueType.size(1024, 1L << 20), 8192L,
            "Largest request line plus headers the HTTP API accepts.");
    public static final Key<Integer> API_WRITE_RATE_LIMIT_PER_MINUTE = key("api.write_rate_limit_per_minute",
            ValueType.integer(0, 1_000_000), 100,
            "Write requests (POST, PUT, PATCH, DELETE) allowed per client address and minute; 0 = unlimited.");
    public static final Key<Integer> API_READ_RATE_LIMIT_PER_MINUTE = key("api.read_rate_limit_per_minute",
            ValueType.integer(0, 1_000_000), 0,
            "Read requests (GET, HEAD) allowed per client address and minute; 0 = unlimited (the default: a player seeking in a track, or a peer fetching blocks, makes many cheap reads).");
    public static final Key<Duration> API_IDLE_TIMEOUT = key("api.idle_timeout",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofHours(1)), Duration.ofSeconds(30),
            "An HTTP connection idle this long is closed.");
    public static final Key<Optional<Path>> API_TOKEN_FILE = key("api.token_file", ValueType.optionalPath(), Optional.empty(),
            "File holding the API's bearer token, created on first start; empty: <data-dir>/api.token.");

    // ---- store ----
    public static final Key<Long> STORE_MAX_BYTES = key("store.max_bytes", ValueType.size(0, UNLIMITED), 0L,
            "Block store quota; 0 = unlimited. Before an add would take the store past 90%, unpinned blocks are collected; "
                    + "an add that still does not fit fails and leaves nothing behind.");
    public static final Key<Duration> STORE_REVERIFY_AFTER = key("store.reverify_after",
            ValueType.duration(Duration.ZERO, Duration.ofDays(1)), Duration.ofMinutes(10),
            "How long a running node trusts a block it has hashed on read while the block's file is unchanged (inode, size, "
                    + "modification and change times), instead of hashing it on every read; 0s hashes every read. cairn verify always hashes.");

    // ---- log ----
    public static final Key<Level> LOG_LEVEL = key("log.level", ValueType.oneOf(Level.class), Level.INFO,
            "Least severe level that is logged.");
    public static final Key<Format> LOG_FORMAT = key("log.format", ValueType.oneOf(Format.class), Format.TEXT,
            "Log format: text (one readable line per event) or json (one JSON object per line).");
    public static final Key<Boolean> LOG_FILE = key("log.file", ValueType.bool(), true,
            "Also write the log to logs/cairn.log in the data directory (rolling).");

    // ---- network ----
    public static final Key<List<HostPort>> NETWORK_BOOTSTRAP = key("network.bootstrap", ValueType.listOf(ValueType.hostPort()),
            List.of(), "Peers to contact on start to join the network.");
    public static final Key<Duration> NETWORK_DISCOVERY_INTERVAL = key("network.discovery_interval",
            ValueType.duration(Duration.ofSeconds(1), Duration.ofDays(1)), Duration.ofSeconds(30),
            "How often every known peer, candidate and bootstrap address is dialled (signed handshake, peer exchange, liveness); a peer silent for 3 rounds is dropped.");
    public static final Key<Integer> NETWORK_MAX_PEERS = key("network.max_peers", ValueType.integer(1, 10_000), 50,
            "Most peers kept at once.");
    public static final Key<Long> NETWORK_MAX_UPLOAD_RATE = key("network.max_upload_rate", ValueType.rate(0, UNLIMITED), 0L,
            "Cap on the bytes per second this node sends to peers (blocks they fetch), over all of them; 0 = unlimited.");
    public static final Key<Long> NETWORK_MAX_DOWNLOAD_RATE = key("network.max_download_rate", ValueType.rate(0, UNLIMITED), 0L,
            "Cap on the bytes per second this node fetches from peers, over all of them; 0 = unlimited.");

    // ---- swarm ----
    public static final Key<Integer> SWARM_MIN_STREAMS = key("swarm.min_streams", ValueType.integer(1, 1024), 4,
            "Fewest connections carrying a download's block requests to one peer; above it, each peer's window follows its measured bandwidth-delay product.");
    public static final Key<Integer> SWARM_MAX_STREAMS = key("swarm.max_streams", ValueType.integer(1, 1024), 32,
            "Most connections carrying a download's block requests to one peer.");
    public static final Key<Boolean> SWARM_PIPELINE = key("swarm.pipeline", ValueType.bool(), true,
            "Queue one more block request behind each one in flight on its connection (HTTP/1.1 pipelining), so a peer goes from one answer straight to the next; off, each connection waits a round trip between blocks.");

    // ---- replication ----
    public static final Key<Optional<String>> REPLICATION_CLUSTER_SECRET = key("replication.cluster_secret",
            ValueType.optionalSecret(16), Optional.empty(),
            "Secret shared by the nodes of one replication cluster; empty: this node is in no cluster. Never printed.");
    public static final Key<Optional<Path>> REPLICATION_OPERATOR_KEYS = key("replication.operator_keys", ValueType.optionalPath(),
            Optional.empty(), "Folder of the operators' public keys (*.pub, from cairn keygen): the cluster is the nodes they admit, and only "
                    + "pin operations they sign count. Instead of cluster_secret.");
    public static final Key<Optional<Path>> REPLICATION_OPERATOR_KEY = key("replication.operator_key", ValueType.optionalPath(),
            Optional.empty(), "An operator's private key (one of operator_keys) this node signs pin operations with and admits itself with; "
                    + "an encrypted one reads its password from CAIRN_KEY_PASSWORD. Without it the node holds pins but only takes operations "
                    + "signed elsewhere (cairn pin add --key).");
    public static final Key<Optional<Path>> REPLICATION_MEMBER_CERT = key("replication.member_cert", ValueType.optionalPath(),
            Optional.empty(), "This node's membership certificate in an operator-key cluster, made by cairn cluster admit PEER_ID --key OPERATOR.key.");
    public static final Key<Duration> REPLICATION_REPAIR_DELAY = key("replication.repair_delay",
            ValueType.duration(Duration.ZERO, Duration.ofDays(30)), Duration.ofMinutes(5),
            "How long a cluster member may stay silent before the other members take its pins over (repair); written like 30s, 5m, 1h.");
    public static final Key<Duration> REPLICATION_INTERVAL = key("replication.interval",
            ValueType.duration(Duration.ofMillis(100), Duration.ofHours(1)), Duration.ofSeconds(10),
            "How often this node asks each cluster member for its status and pinset changes, then fetches or releases pins; at most a third of repair_delay (shortened to that).");
    public static final Key<Duration> REPLICATION_TOMBSTONE_TTL = key("replication.tombstone_ttl",
            ValueType.duration(Duration.ofMinutes(1), Duration.ofDays(3650)), Duration.ofDays(30),
            "How long a removed cluster pin is remembered; a member away longer than this drops, on return, what the cluster no longer has.");

    // ---- metrics ----
    public static final Key<Boolean> METRICS_ENABLED = key("metrics.enabled", ValueType.bool(), true,
            "Serve Prometheus metrics at /metrics.");

    // ---- tls ----
    public static final Key<Optional<Path>> TLS_CERT_FILE = key("tls.cert_file", ValueType.optionalPath(), Optional.empty(),
            "Certificate chain (PEM), set together with key_file to serve HTTPS. Not implemented yet: a node with it set refuses to start.");
    public static final Key<Optional<Path>> TLS_KEY_FILE = key("tls.key_file", ValueType.optionalPath(), Optional.empty(),
            "Private key (PEM, PKCS#8) for cert_file.");

    /** Every key, in the order above (grouped by section). */
    public static final List<Key<?>> ALL = List.copyOf(REGISTRY);

    /** Section names in the order above. */
    public static final List<String> SECTIONS = ALL.stream().map(Key::section).distinct().toList();

    private static final Map<String, Key<?>> BY_NAME = ALL.stream().collect(Collectors.toUnmodifiableMap(Key::name, Function.identity()));

    /** Rules that involve more than one key, checked after all layers are applied. */
    static final List<Rule> RULES = List.of(
            new Rule(SWARM_MIN_STREAMS.name() + " must not be more than " + SWARM_MAX_STREAMS.name(),
                    List.of(SWARM_MIN_STREAMS, SWARM_MAX_STREAMS), v -> v.get(SWARM_MIN_STREAMS) <= v.get(SWARM_MAX_STREAMS)),
            new Rule(TLS_CERT_FILE.name() + " and " + TLS_KEY_FILE.name() + " must be set together",
                    List.of(TLS_CERT_FILE, TLS_KEY_FILE), v -> v.get(TLS_CERT_FILE).isPresent() == v.get(TLS_KEY_FILE).isPresent()));

    /** A check across keys; {@code text} says what must hold. */
    record Rule(String text, List<Key<?>> keys, Predicate<Values> holds) {}

    /** The key called {@code name}, if there is one. */
    public static Optional<Key<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every environment variable name that sets a key, primary names and aliases. */
    static Set<String> envNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Key<?> k : ALL) names.addAll(k.envNames());
        return names;
    }

    private static <T> Key<T> key(String name, ValueType<T> type, T defaultValue, String description, String... envAliases) {
        Key<T> k = new Key<>(name, type, defaultValue, description, List.of(envAliases));
        for (Key<?> other : REGISTRY) {
            if (other.name().equals(name)) throw new IllegalStateException("key declared twice: " + name);
        }
        REGISTRY.add(k);
        return k;
    }
}
