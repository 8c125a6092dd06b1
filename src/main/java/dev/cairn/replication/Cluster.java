package dev.cairn.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import dev.cairn.content.DagPb;
import dev.cairn.content.PbLink;
import dev.cairn.metrics.ReplicationMetrics;
import dev.cairn.net.Network;
import dev.cairn.net.NodeIdentity;
import dev.cairn.net.Peer;
import dev.cairn.net.PeerAddress;
import dev.cairn.net.Protocol;
import dev.cairn.store.Quota;
import dev.cairn.store.Repo;
import dev.cairn.swarm.Download;
import dev.cairn.swarm.Swarm;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication without a leader. The nodes that share {@code replication.cluster_secret} hold
 * one pinset (a last-writer-wins map of signed {@link PinOp}s) and every node computes the
 * same {@link Placement} from it.
 *
 * <p>Every {@code replication.interval} this node asks each member for its status (free space,
 * what it holds, its pinset head), pulls the pinset changes past its cursor when the head
 * moved, then reconciles: it fetches (with the multi-peer swarm) the pins it is assigned and
 * lacks, and releases a copy it is no longer assigned only once every assigned member says it
 * holds the pin whole. A member silent for {@code replication.repair_delay} drops out of
 * placement, so the next members in the order take its pins over; when it comes back its
 * surplus copies are released the same way.
 */
public final class Cluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    static final int PAGE = 500;
    private static final long OUTSIDER_RECHECK_MILLIS = 60_000;

    private final ReplicationOptions options;
    private final Membership membership; // null: this node is in no cluster
    private final Network network;
    private final Swarm swarm;
    private final Repo repo;
    private final Quota quota;
    private final ReplicationMetrics metrics;
    private final Pinset pinset;
    private final ClusterClient client;
    private final String self;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final Map<String, Long> outsiders = new ConcurrentHashMap<>();
    private final Map<Cid, Download> fetching = new ConcurrentHashMap<>();
    private final Map<Cid, String> errors = new ConcurrentHashMap<>();
    private final Map<Cid, Long> retryAt = new ConcurrentHashMap<>();
    private final Map<Cid, Integer> failures = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairn-replication");
        t.setDaemon(true);
        return t;
    });
    private volatile Holdings holdings = Holdings.NONE;
    private final java.util.concurrent.atomic.AtomicBoolean roundWanted = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    /** Fails, saying which {@code replication.*} setting is wrong, when the options do not make this node a member. */
    public Cluster(ReplicationOptions options, NodeIdentity identity, Network network, Swarm swarm, Repo repo, Quota quota,
            ReplicationMetrics metrics) throws IOException {
        this.options = options;
        this.membership = Membership.of(options, identity).orElse(null);
        this.network = network;
        this.swarm = swarm;
        this.repo = repo;
        this.quota = quota;
        this.metrics = metrics;
        this.pinset = new Pinset(repo.database());
        this.client = membership == null ? null : new ClusterClient(network.client(), membership, metrics);
        this.self = network.selfId();
    }

    public void start() throws IOException {
        holdings = Holdings.of(repo.pins().holds(), Set.of());
        if (membership == null) return;
        LOG.info("replication cluster {} ({}): exchanging every {}, repair after {}{}", membership.clusterId(), membership.kind(), interval(),
                options.repairDelay(), membership.canSign() ? "" : "; this node cannot sign pin operations");
        timer.scheduleWithFixedDelay(this::round, 0, interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean enabled() {
        return membership != null;
    }

    public Optional<String> clusterId() {
        return membership == null ? Optional.empty() : Optional.of(membership.clusterId());
    }

    /** "secret" or "operators"; empty when this node is in no cluster. */
    public Optional<String> kind() {
        return membership == null ? Optional.empty() : Optional.of(membership.kind());
    }

    /** The key id this node signs pin operations with; empty when it cannot sign them (an operator-key cluster member without a key). */
    public Optional<String> signerId() {
        return membership == null ? Optional.empty() : Optional.ofNullable(membership.signerId());
    }

    public ReplicationOptions options() {
        return options;
    }

    /**
     * How often members are asked: {@code replication.interval}, but at least three times per
     * repair delay, so that one slow round never makes a live member look gone.
     */
    public java.time.Duration interval() {
        java.time.Duration third = options.repairDelay().dividedBy(3);
        java.time.Duration floor = java.time.Duration.ofMillis(100);
        return options.interval().compareTo(third) <= 0 ? options.interval() : third.compareTo(floor) < 0 ? floor : third;
    }

    // ---- what users do ----

    /** Pins {@code cid} on {@code replicas} members; the content must be on this node or a live peer. */
    public PinStatus pin(Cid cid, int replicas, String level, String name) throws IOException {
        requireCluster();
        requireSigner();
        return add(membership.sign(draftAdd(cid, replicas, level, name, membership.signerId())));
    }

    private PinStatus add(PinOp op) throws IOException {
        pinset.merge(op);
        Cid cid = op.cid().toV1();
        LOG.info("cluster pin {} added: {} replicas{}", cid, op.replicas(), op.level() == null ? "" : " (" + op.level() + ")");
        retryAt.remove(cid);
        errors.remove(cid);
        failures.remove(cid);
        soon();
        return status(cid).orElseThrow();
    }

    /** An unsigned operation adding a pin, for {@code signer} to sign: the content's size is looked up here. */
    public PinOp draftAdd(Cid cid, int replicas, String level, String name, String signer) throws IOException {
        requireCluster();
        return new PinOp(cid.toV1(), PinOp.Action.ADD, replicas, level, name, dagSize(cid), pinset.nextTime(), self, signer, "");
    }

    /** An unsigned operation removing the pin of {@code cid}, for {@code signer} to sign; empty if it has no cluster pin. */
    public Optional<PinOp> draftRemove(Cid cid, String signer) throws IOException {
        requireCluster();
        Optional<PinOp> current = pinset.get(cid);
        if (current.isEmpty() || current.get().action() == PinOp.Action.REMOVE) return Optional.empty();
        return Optional.of(new PinOp(cid.toV1(), PinOp.Action.REMOVE, 0, null, null, -1, pinset.nextTime(), self, signer, ""));
    }

    /**
     * Takes a pin operation signed elsewhere (by an operator's own key, see {@code cairn pin add --key}):
     * SecurityException unless a key this cluster trusts signed it. Returns the pin's status after an add.
     */
    public Optional<PinStatus> submit(PinOp op) throws IOException {
        requireCluster();
        if (!membership.accepts(op)) {
            throw new SecurityException("the operation is not signed by a key this cluster accepts (signer " + op.signer() + ")");
        }
        Optional<PinOp> current = pinset.get(op.cid());
        if (current.isPresent() && !op.supersedes(current.get()) && !current.get().opId().equals(op.opId())) {
            throw new SupersededException("a later operation on " + op.cid() + " (" + current.get().action().name().toLowerCase(java.util.Locale.ROOT)
                    + " at ts " + current.get().ts() + ") wins over this one (ts " + op.ts() + "); draft it again");
        }
        if (op.action() == PinOp.Action.ADD) return Optional.of(add(op));
        pinset.merge(op);
        LOG.info("cluster pin {} removed (signed by {})", op.cid(), op.signer());
        soon();
        return Optional.empty();
    }

    /** Removes the cluster pin of {@code cid}; false if there is none. Every holder releases its copy. */
    public boolean unpin(Cid cid) throws IOException {
        requireCluster();
        requireSigner();
        Optional<PinOp> draft = draftRemove(cid, membership.signerId());
        if (draft.isEmpty()) return false;
        pinset.merge(membership.sign(draft.get()));
        LOG.info("cluster pin {} removed", cid);
        soon();
        return true;
    }

    public Optional<PinStatus> status(Cid cid) throws IOException {
        if (membership == null) return Optional.empty();
        Optional<PinOp> op = pinset.get(cid);
        if (op.isEmpty() || op.get().action() != PinOp.Action.ADD) return Optional.empty();
        return Optional.of(view(op.get(), System.currentTimeMillis(), repo.pins().holds()));
    }

    public List<PinStatus> statuses() throws IOException {
        if (membership == null) return List.of();
        long now = System.currentTimeMillis();
        List<PinStatus> out = new ArrayList<>();
        Set<Cid> held = repo.pins().holds();
        for (PinOp op : pinset.pins()) out.add(view(op, now, held));
        return out;
    }

    /** Live members (other than this node) as their last status described them. */
    public List<Map<String, Object>> members() {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Member m : members.values()) {
            Map<String, Object> o = new java.util.LinkedHashMap<>();
            o.put("peer_id", m.peerId);
            o.put("address", m.address.toString());
            o.put("alive", m.aliveAt(now, options.repairDelay().toMillis()));
            o.put("last_contact", java.time.Instant.ofEpochMilli(m.lastContact).toString());
            o.put("free_bytes", m.freeBytes);
            o.put("holds", m.holds.size());
            o.put("fetching", m.fetching.size());
            out.add(o);
        }
        return out;
    }

    private void requireCluster() {
        if (membership == null) {
            throw new NotInClusterException("this node is in no replication cluster: set replication.cluster_secret "
                    + "(the same on every node of the cluster) or replication.operator_keys to pin with a level or a replica count");
        }
    }

    private void requireSigner() {
        if (!membership.canSign()) {
            throw new CannotSignException("this node holds no operator key (replication.operator_key), so it cannot sign pin operations: "
                    + "sign them with an operator's key, `cairn pin add|rm CID ... --key OPERATOR.key`");
        }
    }

    /** Bytes the DAG takes: the root block plus its links' cumulative sizes (dag-pb), or the block itself. */
    private long dagSize(Cid cid) throws IOException {
        byte[] root = swarm.source().get(cid); // from the store, else from a peer: fails if nobody has it
        if (cid.codec() != Codec.DAG_PB) return root.length;
        long size = root.length;
        for (PbLink l : DagPb.decode(root).links()) {
            if (l.tsize() == null) return -1;
            size += l.tsize();
        }
        return size;
    }

    // ---- the exchange, answering side ----

    /** The status this node gives a member; IllegalAccess when the asker proves no membership. */
    public ObjectNode answerStatus(String requesterId, String claim, String certificate, String challenge, String holdingsVersion)
            throws IOException {
        checkAccess(requesterId, claim, certificate);
        if (challenge == null || challenge.isEmpty() || challenge.length() > 128) {
            throw new IllegalArgumentException("status needs a challenge of 1 to 128 characters");
        }
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("cluster", membership.clusterId());
        o.put("peer_id", self);
        membership.proveAnswer(o, challenge);
        o.put("free_bytes", freeBytes());
        o.putObject("pinset").put("epoch", pinset.epoch()).put("seq", pinset.currentSeq());
        Holdings h = holdings;
        o.put("holdings_version", h.version());
        if (!h.version().equals(holdingsVersion)) {
            ArrayNode holds = o.putArray("holds");
            h.holds().forEach(c -> holds.add(c.toString()));
            ArrayNode f = o.putArray("fetching");
            h.fetching().forEach(c -> f.add(c.toString()));
        }
        return o;
    }

    /** The pinset changes past {@code since}, for a member. */
    public ObjectNode answerPinset(String requesterId, String claim, String certificate, long since, int limit) throws IOException {
        checkAccess(requesterId, claim, certificate);
        if (since < 0 || limit < 1 || limit > PAGE) throw new IllegalArgumentException("need since >= 0 and 1 <= limit <= " + PAGE);
        Pinset.Page page = pinset.since(since, limit);
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("epoch", page.epoch());
        o.put("next", page.next());
        o.put("more", page.more());
        ArrayNode ops = o.putArray("ops");
        page.ops().forEach(op -> ops.add(op.toJson()));
        return o;
    }

    /** Counts an answered exchange request in the traffic metrics. */
    public void answered(long requestBytes, long answerBytes) {
        metrics.exchanged(answerBytes, requestBytes);
    }

    private void checkAccess(String requesterId, String claim, String certificate) {
        if (membership == null) throw new NotInClusterException("this node is in no replication cluster");
        membership.checkRequest(new Membership.RequestProof(claim, certificate), requesterId, System.currentTimeMillis());
    }

    // ---- the exchange, asking side ----

    /** Asks for a round now; requests made while one is already waiting share it, so a burst of pins costs one round. */
    private void soon() {
        if (!closed && roundWanted.compareAndSet(false, true)) timer.execute(this::round);
    }

    private void round() {
        roundWanted.set(false);
        if (closed) return;
        try {
            Map<String, PeerAddress> ask = new HashMap<>();
            long now = System.currentTimeMillis();
            for (Peer p : network.livePeers()) {
                Long recheck = outsiders.get(p.id());
                if (recheck == null || recheck <= now) ask.put(p.id(), p.address());
            }
            for (Member m : members.values()) ask.putIfAbsent(m.peerId, m.address);
            List<Future<?>> polls = new ArrayList<>();
            for (var e : ask.entrySet()) polls.add(workers.submit(() -> poll(e.getKey(), e.getValue())));
            for (Future<?> f : polls) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException ex) {
                    LOG.debug("cluster poll failed: {}", ex.getCause().toString());
                }
            }
            // judged after this round's answers, so a member is never counted silent just before it is asked
            long after = System.currentTimeMillis();
            for (Member m : List.copyOf(members.values())) {
                if (!m.aliveAt(after, options.repairDelay().toMillis()) && members.remove(m.peerId, m)) {
                    LOG.warn("cluster member {} silent for {}: its pins go to other members", m.peerId, options.repairDelay());
                }
            }
            pinset.expireTombstones(System.currentTimeMillis() - options.tombstoneTtl().toMillis());
            reconcile();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (!closed) LOG.warn("replication round failed: {}", e.toString());
        }
    }

    private void poll(String peerId, PeerAddress at) {
        if (closed) return;
        String challenge = Protocol.newChallenge();
        Member known = members.get(peerId);
        JsonNode st;
        try {
            st = client.status(at, challenge, known == null ? "" : known.holdingsVersion);
        } catch (dev.cairn.net.PeerClient.PeerException r) {
            if (r.status() == 403 || r.status() == 404) {
                if (r.status() == 403 && !outsiders.containsKey(peerId)) LOG.info("peer {} does not take this node as a member: {}", peerId, r.getMessage());
                outsiders.put(peerId, System.currentTimeMillis() + OUTSIDER_RECHECK_MILLIS);
                if (known != null) members.remove(peerId);
            }
            return;
        } catch (IOException e) {
            LOG.debug("cluster member {} did not answer: {}", peerId, e.getMessage());
            return;
        }
        String problem = peerId.equals(st.path("peer_id").asText("")) ? membership.checkAnswer(st, challenge, peerId) : "it answered for another peer id";
        if (problem != null) {
            if (!outsiders.containsKey(peerId)) LOG.warn("peer {} is not a member of cluster {}: {}", peerId, membership.clusterId(), problem);
            outsiders.put(peerId, System.currentTimeMillis() + OUTSIDER_RECHECK_MILLIS);
            members.remove(peerId);
            return;
        }
        outsiders.remove(peerId);
        Member m = members.computeIfAbsent(peerId, id -> {
            LOG.info("cluster member {} at {}", id, at);
            return new Member(id, at);
        });
        m.address = at;
        m.freeBytes = Math.max(0, st.path("free_bytes").asLong(0));
        if (st.has("holds")) {
            m.holds = cids(st.path("holds"));
            m.fetching = cids(st.path("fetching"));
            m.holdingsVersion = st.path("holdings_version").asText("");
        }
        m.lastContact = System.currentTimeMillis();
        String epoch = st.path("pinset").path("epoch").asText("");
        long head = st.path("pinset").path("seq").asLong(0);
        try {
            Optional<Pinset.Cursor> cursor = pinset.cursor(peerId);
            boolean stale = stale();
            if (stale || cursor.isEmpty() || !cursor.get().epoch().equals(epoch) || cursor.get().seq() < head) pull(m, stale);
        } catch (IOException | RuntimeException e) {
            if (!closed) LOG.warn("cannot read the pinset of member {}: {}", peerId, e.toString());
        }
    }

    /** Whether this node has been away from every member for longer than tombstones are kept. */
    private boolean stale() throws IOException {
        long last = pinset.lastSync();
        return last > 0 && System.currentTimeMillis() - last > options.tombstoneTtl().toMillis();
    }

    private synchronized void pull(Member m, boolean wasStale) throws IOException {
        boolean stale = wasStale && stale(); // another member's pull may have just brought this node back
        Optional<Pinset.Cursor> cursor = pinset.cursor(m.peerId);
        long since = stale ? 0 : cursor.map(Pinset.Cursor::seq).orElse(0L);
        String epoch = cursor.map(Pinset.Cursor::epoch).orElse(null);
        long knownUntil = pinset.lastSync();
        Set<Cid> memberHas = new HashSet<>();
        int merged = 0;
        int rejected = 0;
        for (int pages = 0; pages < 100_000; pages++) {
            JsonNode page = client.pinset(m.address, since, PAGE);
            String pageEpoch = page.path("epoch").asText("");
            if (epoch != null && !epoch.equals(pageEpoch) && since > 0) {
                since = 0; // the member's database was recreated: read its pinset again from the start
                epoch = pageEpoch;
                continue;
            }
            epoch = pageEpoch;
            for (JsonNode n : page.path("ops")) {
                PinOp op;
                try {
                    op = PinOp.fromJson(n);
                } catch (IllegalArgumentException malformed) {
                    rejected++;
                    continue;
                }
                if (!membership.accepts(op)) {
                    rejected++;
                    continue;
                }
                memberHas.add(op.cid());
                if (pinset.merge(op)) merged++;
            }
            since = page.path("next").asLong(since);
            if (!page.path("more").asBoolean(false)) break;
        }
        pinset.setCursor(m.peerId, new Pinset.Cursor(epoch, since));
        if (stale) {
            int dropped = pinset.dropAbsent(knownUntil, memberHas);
            LOG.warn("back after more than {} away from the cluster: {} pinset entries member {} no longer has were dropped",
                    options.tombstoneTtl(), dropped, m.peerId);
        }
        pinset.setLastSync(System.currentTimeMillis());
        if (rejected > 0) LOG.warn("member {} relayed {} pin operations not signed by a key this cluster accepts; ignored", m.peerId, rejected);
        if (merged > 0) LOG.debug("merged {} pin operations from {}", merged, m.peerId);
    }

    private static Set<Cid> cids(JsonNode list) {
        Set<Cid> out = new HashSet<>();
        for (JsonNode n : list) {
            Cid c = Cid.tryParse(n.asText(""));
            if (c != null) out.add(c.toV1());
        }
        return out;
    }

    // ---- reconciling: fetch what is assigned, release what is surplus ----

    private synchronized void reconcile() throws IOException {
        if (closed) return;
        long now = System.currentTimeMillis();
        Set<Cid> held = repo.pins().holds();
        Set<Cid> live = new HashSet<>();
        Map<String, Long> byState = new HashMap<>();
        long queue = 0;
        long under = 0;
        for (PinOp op : pinset.pins()) {
            Cid cid = op.cid().toV1();
            live.add(cid);
            Placement.Result placed = place(op, held, now);
            boolean mine = placed.assigned().contains(self);
            if (mine && !held.contains(cid) && !fetching.containsKey(cid) && retryAt.getOrDefault(cid, 0L) <= now) fetch(cid);
            if (!mine && held.contains(cid) && confirmedElsewhere(cid, placed, op.replicas(), now)) release(cid, "surplus");
            if (!mine && fetching.containsKey(cid) && confirmedElsewhere(cid, placed, op.replicas(), now)) cancel(cid);
            String state = state(cid, placed, mine, held);
            byState.merge(state, 1L, Long::sum);
            if (mine && !held.contains(cid)) queue++;
            if (placed.shortfall() != null) under++;
        }
        for (Cid cid : held) if (!live.contains(cid)) release(cid, "unpinned from the cluster");
        for (Cid cid : List.copyOf(fetching.keySet())) if (!live.contains(cid)) cancel(cid);
        errors.keySet().retainAll(live);
        retryAt.keySet().retainAll(live);
        failures.keySet().retainAll(live);
        refreshHoldings();
        metrics.update(new ReplicationMetrics.Snapshot(byState, queue, under));
    }

    private Placement.Result place(PinOp op, Set<Cid> held, long now) throws IOException {
        Cid cid = op.cid().toV1();
        List<Placement.Candidate> cands = new ArrayList<>();
        cands.add(new Placement.Candidate(self, freeBytes(), held.contains(cid), fetching.containsKey(cid)));
        long repair = options.repairDelay().toMillis();
        for (Member m : members.values()) {
            if (m.aliveAt(now, repair)) cands.add(new Placement.Candidate(m.peerId, m.freeBytes, m.holds.contains(cid), m.fetching.contains(cid)));
        }
        return Placement.place(cid, op.replicas(), op.size(), cands);
    }

    /** Whether every assigned member (a full set of them) says it holds the pin whole. */
    private boolean confirmedElsewhere(Cid cid, Placement.Result placed, int replicas, long now) {
        if (placed.assigned().size() < replicas) return false;
        for (String id : placed.assigned()) {
            Member m = members.get(id);
            if (m == null || !m.aliveAt(now, options.repairDelay().toMillis()) || !m.holds.contains(cid)) return false;
        }
        return true;
    }

    private String state(Cid cid, Placement.Result placed, boolean mine, Set<Cid> held) {
        if (placed.shortfall() != null) return "under-replicated";
        if (!mine) return "remote";
        if (held.contains(cid)) return "pinned";
        if (fetching.containsKey(cid)) return "pinning";
        return errors.containsKey(cid) ? "error" : "queued";
    }

    private PinStatus view(PinOp op, long now, Set<Cid> held) throws IOException {
        Cid cid = op.cid().toV1();
        Placement.Result placed = place(op, held, now);
        List<String> holders = new ArrayList<>();
        if (held.contains(cid)) holders.add(self);
        for (Member m : members.values()) {
            if (m.aliveAt(now, options.repairDelay().toMillis()) && m.holds.contains(cid)) holders.add(m.peerId);
        }
        holders.sort(null);
        boolean mine = placed.assigned().contains(self);
        return new PinStatus(op.cid(), state(cid, placed, mine, held), op.level(), op.replicas(), op.name(), op.size(), holders,
                placed.assigned(), errors.get(cid), placed.shortfall(), op.origin(), op.signer(), op.ts());
    }

    private void fetch(Cid cid) {
        Download d = swarm.download(cid, Download.Keep.HOLD);
        fetching.put(cid, d);
        LOG.debug("fetching cluster pin {} (assigned to this node)", cid);
        d.completion().whenComplete((ok, failure) -> {
            fetching.remove(cid, d);
            if (failure == null) {
                errors.remove(cid);
                retryAt.remove(cid);
                failures.remove(cid);
                LOG.info("holding cluster pin {}", cid);
            } else if (d.state() == Download.State.FAILED) {
                errors.put(cid, failure.getMessage());
                // back off: one interval, then each failure doubles it up to 32 intervals
                int n = failures.merge(cid, 1, Integer::sum);
                long wait = interval().toMillis() * (1L << Math.min(5, n - 1));
                retryAt.put(cid, System.currentTimeMillis() + wait);
                metrics.pinError();
                LOG.warn("cannot fetch cluster pin {}: {}", cid, failure.getMessage());
            }
            refreshHoldings();
            if (!closed) soon();
        });
        refreshHoldings();
    }

    private void cancel(Cid cid) {
        Download d = fetching.remove(cid);
        if (d != null) {
            d.cancel();
            LOG.info("stopped fetching cluster pin {}: enough members hold it", cid);
        }
    }

    private void release(Cid cid, String why) throws IOException {
        if (repo.pins().release(cid)) LOG.info("released cluster pin {} ({}); its blocks go at the next gc", cid, why);
    }

    private void refreshHoldings() {
        try {
            holdings = Holdings.of(repo.pins().holds(), Set.copyOf(fetching.keySet()));
        } catch (IOException e) {
            LOG.warn("cannot read cluster holds: {}", e.getMessage());
        }
    }

    /** Room left for cluster pins: under the quota if there is one, else on the file system. */
    long freeBytes() {
        try {
            if (quota.limited()) return Math.max(0, quota.maxBytes() - repo.blocks().usedBytes());
            return Files.getFileStore(repo.dataDir()).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdownNow();
    }

    /** A submitted operation older than the one the pinset holds for its CID (a replay, or a draft overtaken). */
    public static final class SupersededException extends IllegalStateException {
        SupersededException(String message) {
            super(message);
        }
    }

    /** A pin operation asked of a node that holds no key to sign it with. */
    public static final class CannotSignException extends SecurityException {
        CannotSignException(String message) {
            super(message);
        }
    }

    /** A cluster operation on a node that is in no cluster. */
    public static final class NotInClusterException extends IllegalStateException {
        public NotInClusterException(String message) {
            super(message);
        }
    }
}
