package dev.cairn.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.catalog.ItemJson;
import dev.cairn.catalog.LibraryChanges;
import dev.cairn.catalog.RemoteCatalog;
import dev.cairn.store.Database;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership: which peers this node knows, proven and live, and what they offer.
 *
 * <p>A peer is only ever learnt by dialling an address and getting back a signature, by the
 * key of the peer id it claims, over a challenge this node just made: an inbound
 * {@code /discover}, a bootstrap entry or a peer-exchange record is a <em>candidate address</em>
 * until then. So a peer id is never bound to an address its owner did not answer from.
 *
 * <p>Every {@code discovery_interval} each known peer and candidate is dialled. A peer that
 * does not answer turns suspect, and after {@code missed_rounds} rounds it is dropped with
 * what it offered. Libraries spread by sequence number: a handshake tells the peer's library
 * head, and only the changes past the cursor kept for it are pulled; a node also announces a
 * change to its live peers at once so they pull it without waiting for the next round.
 */
public final class Network implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Network.class);
    /** An address is not dialled again sooner than this after an inbound handshake asked for it. */
    private static final long REDIAL_MILLIS = 2_000;
    private static final long BAN_MILLIS = 3_600_000;
    private static final int MAX_PEX = 50;
    /** How often the block connections kept open to the best peers are looked after ({@link BlockHttpClient#keepOpen}). */
    private static final long KEEP_MILLIS = 5_000;
    /** How many peers, best score first, a block connection is kept open to. */
    private static final int KEPT_PEERS = 16;

    private final NodeIdentity identity;
    private final NetworkOptions options;
    private final PeerClient client;
    private final PeerStore store;
    private final LibraryChanges library;
    private final RemoteCatalog remote;
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    private final Set<PeerAddress> candidates = ConcurrentHashMap.newKeySet();
    private final Set<PeerAddress> selfAddresses = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> banned = new ConcurrentHashMap<>();
    private final Map<PeerAddress, Long> lastDial = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> syncWanted = new ConcurrentHashMap<>();
    private final Set<String> syncing = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairn-discovery");
        t.setDaemon(true);
        return t;
    });
    private volatile PeerAddress self;
    private volatile long announcedSeq = -1;
    private volatile boolean closed;

    public Network(NodeIdentity identity, Database db, NetworkOptions options) {
        this.identity = identity;
        this.options = options;
        this.client = new PeerClient(identity.peerId(), options.timeout());
        this.store = new PeerStore(db);
        this.library = new LibraryChanges(db);
        this.remote = new RemoteCatalog(db);
    }

    /** Starts discovery, announcing {@code advertised} (a wildcard host lets peers use the address they see). */
    public void start(PeerAddress advertised) throws IOException {
        this.self = advertised;
        for (PeerStore.Saved s : store.load()) {
            Peer p = new Peer(s.peerId(), s.address());
            peers.put(s.peerId(), p);
            p.items(remote.count(s.peerId()));
        }
        candidates.addAll(options.bootstrap());
        announcedSeq = library.currentSeq();
        long interval = options.discoveryInterval().toMillis();
        timer.scheduleWithFixedDelay(this::round, 0, interval, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::announceIfChanged, 500, 500, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::keepConnections, KEEP_MILLIS, KEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    public PeerClient client() {
        return client;
    }

    public RemoteCatalog remote() {
        return remote;
    }

    public String selfId() {
        return identity.peerId();
    }

    /** Every known peer, best score first. */
    public List<Peer> peers() {
        List<Peer> all = new ArrayList<>(peers.values());
        all.sort(Comparator.comparingDouble(Peer::score).reversed());
        return all;
    }

    public List<Peer> livePeers() {
        return peers().stream().filter(p -> p.state() == Peer.State.LIVE).toList();
    }

    public Optional<Peer> peer(String id) {
        return Optional.ofNullable(peers.get(id));
    }

    // ---- the discovery round ----

    private void round() {
        if (closed) return;
        try {
            Set<PeerAddress> toDial = new HashSet<>(candidates);
            toDial.addAll(options.bootstrap());
            peers.values().forEach(p -> toDial.add(p.address()));
            toDial.removeAll(selfAddresses);
            Map<PeerAddress, Future<Optional<Peer>>> dials = new java.util.HashMap<>();
            for (PeerAddress a : toDial) dials.put(a, workers.submit(() -> dial(a)));
            Set<String> answered = new HashSet<>();
            for (var e : dials.entrySet()) {
                try {
                    e.getValue().get().ifPresent(p -> answered.add(p.id()));
                } catch (java.util.concurrent.ExecutionException ex) {
                    LOG.debug("dial {} failed: {}", e.getKey(), ex.getCause().toString());
                }
            }
            for (Peer p : List.copyOf(peers.values())) {
                if (answered.contains(p.id())) continue;
                long missed = p.missedRound();
                if (missed >= options.missedRounds()) drop(p, "no answer for " + missed + " rounds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("discovery round failed", e);
        }
    }

    /** Keeps a block connection open to each of the best live peers, and closes pooled ones past use. */
    private void keepConnections() {
        if (closed) return;
        try {
            List<Peer> live = livePeers();
            for (Peer p : live.subList(0, Math.min(KEPT_PEERS, live.size()))) client.blocks().keepOpen(p.address());
            client.blocks().closeStale();
        } catch (RuntimeException e) {
            LOG.warn("looking after the kept connections failed", e);
        }
    }

    /** Dials {@code at}; the peer it proved to be, or empty (no answer, bad proof, ourselves, refused). */
    Optional<Peer> dial(PeerAddress at) {
        if (closed) return Optional.empty();
        lastDial.put(at, System.currentTimeMillis());
        String challenge = Protocol.newChallenge();
        Peer known = peers.values().stream().filter(p -> p.address().equals(at)).findFirst().orElse(null);
        ObjectNode body = PeerClient.JSON.createObjectNode();
        record(body.putObject("peer"));
        body.put("challenge", challenge);
        body.put("protocol", Protocol.VERSION);
        JsonNode res;
        long t0 = System.nanoTime();
        try {
            if (known != null) {
                var cursor = remote.cursor(known.id());
                if (cursor.isPresent()) {
                    body.putObject("library").put("epoch", cursor.get().epoch()).put("since", cursor.get().seq());
                }
            }
            res = client.discover(at, body);
        } catch (IOException e) {
            LOG.debug("peer {} did not answer: {}", at, e.getMessage());
            return Optional.empty();
        }
        double rtt = (System.nanoTime() - t0) / 1e6;
        JsonNode rec = res.path("peer");
        String id = rec.path("peer_id").asText("");
        byte[] sig;
        try {
            sig = Protocol.decode(res.path("signature").asText(""));
        } catch (IllegalArgumentException e) {
            sig = new byte[0];
        }
        if (!PeerIds.isValid(id) || !PeerIds.verify(id,
                Protocol.discoverPayload(challenge, id, rec.path("host").asText(""), rec.path("port").asInt(-1)), sig)) {
            LOG.warn("{} answered the handshake without a valid proof of peer id {}; ignored", at, PeerIds.abbreviate(id));
            candidates.remove(at);
            return Optional.empty();
        }
        if (id.equals(identity.peerId())) {
            selfAddresses.add(at);
            candidates.remove(at);
            return Optional.empty();
        }
        if (isBanned(id)) return Optional.empty();
        Peer p = peers.get(id);
        if (p == null) {
            if (peers.size() >= options.maxPeers()) {
                LOG.debug("not adding peer {}: network.max_peers ({}) reached", id, options.maxPeers());
                return Optional.empty();
            }
            p = peers.computeIfAbsent(id, k -> new Peer(k, at));
            LOG.info("peer {} joined at {}", id, at);
            client.blocks().keepOpen(at); // a download asked for soon after need not wait for the next keepConnections
        }
        p.seen(at, rtt, System.currentTimeMillis());
        candidates.remove(at);
        try {
            store.save(p);
        } catch (IOException e) {
            LOG.warn("cannot save peer {}: {}", id, e.getMessage());
        }
        learn(res.path("peers"));
        JsonNode lib = res.path("library");
        String epoch = lib.path("epoch").asText("");
        long seq = lib.path("seq").asLong(0);
        try {
            var cursor = remote.cursor(id);
            if (!epoch.isEmpty() && (cursor.isEmpty() || !cursor.get().epoch().equals(epoch) || cursor.get().seq() < seq)) {
                Peer peer = p;
                workers.submit(() -> sync(peer));
            }
        } catch (IOException e) {
            LOG.warn("cannot read library cursor of {}: {}", id, e.getMessage());
        }
        return Optional.of(p);
    }

    /** Peer exchange: unknown peers another peer vouches for become candidate addresses, within max_peers. */
    private void learn(JsonNode list) {
        if (!list.isArray()) return;
        int taken = 0;
        for (JsonNode n : list) {
            if (taken >= MAX_PEX || peers.size() + candidates.size() >= options.maxPeers()) return;
            String id = n.path("peer_id").asText("");
            if (id.equals(identity.peerId()) || peers.containsKey(id) || isBanned(id) || !PeerIds.isValid(id)) continue;
            try {
                PeerAddress a = new PeerAddress(n.path("host").asText(""), n.path("port").asInt(-1));
                if (!a.isWildcard() && !selfAddresses.contains(a) && candidates.add(a)) taken++;
            } catch (IllegalArgumentException malformed) {
                // a malformed record from a peer is skipped, not fatal
            }
        }
    }

    private void drop(Peer p, String why) {
        if (peers.remove(p.id(), p)) {
            LOG.info("peer {} at {} dropped: {}", p.id(), p.address(), why);
            try {
                store.delete(p.id());
                remote.forget(p.id());
            } catch (IOException e) {
                LOG.warn("cannot forget peer {}: {}", p.id(), e.getMessage());
            }
        }
    }

    /** A peer that sent bad blocks too often: dropped and refused for an hour. */
    public void ban(Peer p, String why) {
        banned.put(p.id(), System.currentTimeMillis() + BAN_MILLIS);
        drop(p, why);
    }

    private boolean isBanned(String id) {
        Long until = banned.get(id);
        if (until == null) return false;
        if (until > System.currentTimeMillis()) return true;
        banned.remove(id);
        return false;
    }

    // ---- library exchange ----

    /** Pulls the peer's library changes past our cursor; concurrent requests for one peer coalesce. */
    void sync(Peer p) {
        AtomicBoolean wanted = syncWanted.computeIfAbsent(p.id(), k -> new AtomicBoolean());
        wanted.set(true);
        if (!syncing.add(p.id())) return;
        try {
            while (wanted.getAndSet(false) && !closed) pull(p);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the library of peer {}: {}", p.id(), e.getMessage());
        } finally {
            syncing.remove(p.id());
        }
    }

    private void pull(Peer p) throws IOException {
        var cursor = remote.cursor(p.id());
        long since = cursor.map(RemoteCatalog.RemoteLibrary::seq).orElse(0L);
        String epoch = cursor.map(RemoteCatalog.RemoteLibrary::epoch).orElse(null);
        for (int pages = 0; pages < 10_000; pages++) {
            LibraryChanges.Changes page = LibraryWire.decode(client.library(p.address(), since, Protocol.LIBRARY_PAGE), since);
            if (epoch != null && !epoch.equals(page.epoch()) && since > 0) {
                // the peer's database was recreated: its sequence restarted, so read it all again
                since = 0;
                epoch = page.epoch();
                continue;
            }
            epoch = page.epoch();
            remote.apply(p.id(), page.epoch(), page.changes(), page.next());
            since = page.next();
            if (!page.more()) break;
        }
        p.items(remote.count(p.id()));
    }

    private void announceIfChanged() {
        if (closed) return;
        try {
            long seq = library.currentSeq();
            if (seq == announcedSeq) return;
            announcedSeq = seq;
            ObjectNode body = PeerClient.JSON.createObjectNode();
            body.put("peer_id", identity.peerId());
            body.put("epoch", library.epoch());
            body.put("seq", seq);
            for (Peer p : livePeers()) {
                workers.submit(() -> {
                    try {
                        client.announce(p.address(), body);
                    } catch (IOException e) {
                        LOG.debug("announce to {} failed: {}", p.id(), e.getMessage());
                    }
                    return null;
                });
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot announce library change: {}", e.getMessage());
        }
    }

    // ---- inbound ----

    /** Answers {@code POST /discover}: our signed record, library head, some peers; the caller becomes a candidate. */
    public ObjectNode answerDiscover(JsonNode req, String remoteIp) throws IOException {
        JsonNode rec = req.path("peer");
        String callerId = rec.path("peer_id").asText("");
        if (!rec.isObject()) throw new IllegalArgumentException("discover needs a peer object");
        if (!PeerIds.isValid(callerId)) {
            throw new IllegalArgumentException("peer.peer_id must be an Ed25519 peer id (12D3KooW...), got '"
                    + PeerIds.abbreviate(callerId) + "'");
        }
        String challenge = req.path("challenge").asText("");
        if (challenge.length() > 128) throw new IllegalArgumentException("challenge longer than 128 characters");
        PeerAddress caller = callerAddress(rec, remoteIp);

        ObjectNode out = PeerClient.JSON.createObjectNode();
        ObjectNode me = out.putObject("peer");
        record(me);
        long since = 0;
        String epoch = library.epoch();
        if (epoch.equals(req.path("library").path("epoch").asText(""))) since = Math.max(0, req.path("library").path("since").asLong(0));
        LibraryChanges.Changes changes = library.since(since, 100);
        ArrayNode hashes = me.putArray("available_tracks");
        ArrayNode tracks = out.putArray("tracks");
        for (LibraryChanges.Change c : changes.changes()) {
            if (c.item() == null) continue;
            hashes.add(c.item().sha256());
            tracks.add(PeerClient.JSON.valueToTree(ItemJson.toMap(c.item())));
        }
        out.put("protocol", Protocol.VERSION);
        if (!challenge.isEmpty()) {
            out.put("signature", Protocol.encode(identity.sign(
                    Protocol.discoverPayload(challenge, identity.peerId(), me.path("host").asText(), me.path("port").asInt()))));
        }
        out.putObject("library").put("epoch", epoch).put("seq", library.currentSeq());
        ArrayNode list = out.putArray("peers");
        int n = 0;
        for (Peer p : livePeers()) {
            if (p.id().equals(callerId) || n++ >= MAX_PEX) continue;
            list.addObject().put("peer_id", p.id()).put("host", p.address().host()).put("port", p.address().port());
        }
        if (!callerId.equals(identity.peerId()) && !isBanned(callerId)) {
            Peer known = peers.get(callerId);
            boolean proven = known != null && known.state() == Peer.State.LIVE && known.address().equals(caller);
            Long last = lastDial.get(caller);
            if (!proven && (last == null || System.currentTimeMillis() - last > REDIAL_MILLIS) && !closed
                    && (known != null || peers.size() < options.maxPeers())) {
                candidates.add(caller);
                workers.submit(() -> dial(caller)); // prove it: the caller must answer our own challenge at that address
            }
        }
        return out;
    }

    private static PeerAddress callerAddress(JsonNode rec, String remoteIp) {
        String host = rec.path("host").asText("");
        int port = rec.path("port").asInt(-1);
        PeerAddress claimed = new PeerAddress(host.isBlank() ? remoteIp : host, port);
        return claimed.isWildcard() ? new PeerAddress(remoteIp, port) : claimed;
    }

    /** Answers an announcement: a known peer's library moved, so pull it now. */
    public void announced(JsonNode req) {
        Peer p = peers.get(req.path("peer_id").asText(""));
        if (p != null && p.state() == Peer.State.LIVE && !closed) workers.submit(() -> sync(p));
    }

    private void record(ObjectNode o) {
        PeerAddress a = self;
        o.put("peer_id", identity.peerId());
        o.put("host", a == null ? "" : a.host());
        o.put("port", a == null ? 0 : a.port());
    }

    public Duration discoveryInterval() {
        return options.discoveryInterval();
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdownNow();
        client.close();
    }
}
