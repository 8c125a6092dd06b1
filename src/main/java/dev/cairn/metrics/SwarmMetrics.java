package dev.cairn.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the swarm exports: streams in flight, bytes each way, block fetch latency, bad blocks,
 * and failures per peer (labelled by peer id; bounded by network.max_peers).
 */
public final class SwarmMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final Counter received;
    private final Counter sent;
    private final Counter badBlocks;
    private final Counter headStartBlocks;
    private final Timer fetch;
    private final Map<String, Counter> peerFailures = new ConcurrentHashMap<>();

    SwarmMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("cairn.swarm.active.streams", activeStreams, AtomicInteger::get)
                .description("Block requests to peers in flight").register(registry);
        received = Counter.builder("cairn.swarm.received").baseUnit("bytes").description("Verified block bytes received from peers")
                .register(registry);
        sent = Counter.builder("cairn.swarm.sent").baseUnit("bytes").description("Bytes sent to peers").register(registry);
        badBlocks = Counter.builder("cairn.swarm.bad.blocks").description("Blocks from peers that did not match their CID")
                .register(registry);
        headStartBlocks = Counter.builder("cairn.swarm.head.start.blocks")
                .description("Blocks received in a download's first slices (one CAR per peer) rather than one request each")
                .register(registry);
        fetch = Timer.builder("cairn.swarm.block.fetch.duration").description("Time to fetch one block from a peer")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        Counter.builder("cairn.swarm.peer.failures").description("Failed block requests, by peer").tag("peer", "none")
                .register(registry);
    }

    public void streamStarted() {
        activeStreams.incrementAndGet();
    }

    public void streamEnded() {
        activeStreams.decrementAndGet();
    }

    public void received(long bytes, long nanos) {
        received.increment(bytes);
        fetch.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void sent(long bytes) {
        sent.increment(bytes);
    }

    public void headStartBlock() {
        headStartBlocks.increment();
    }

    public void badBlock() {
        badBlocks.increment();
    }

    public void peerFailed(String peerId) {
        peerFailures.computeIfAbsent(peerId, p -> Counter.builder("cairn.swarm.peer.failures")
                .description("Failed block requests, by peer").tag("peer", p).register(registry)).increment();
    }

    /** For tests and status: streams in flight now. */
    public int activeStreams() {
        return activeStreams.get();
    }
}
