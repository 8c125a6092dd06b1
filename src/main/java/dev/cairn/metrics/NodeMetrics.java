package dev.cairn.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Every metric the node exports, registered at start so a fresh node shows zeros, not gaps.
 * Names follow the seeds ({@code cairn_peers_count}, {@code cairn_tracks_count}: promtool's lint
 * dislikes a {@code _count} suffix on a gauge, but these are the names seed dashboards use;
 * every other name passes it),
 * {@code cairn_content_size_bytes}, {@code cairn_downloads_total}, {@code cairn_upload_bytes_total},
 * {@code cairn_http_request_duration_seconds}) plus store, HTTP and JVM metrics.
 */
public final class NodeMetrics {
    /** Values read at scrape time from the node's parts. */
    public interface Sources {
        long tracks();

        long contentBytes();

        long storeBytes();

        long storeMaxBytes();

        long pins();

        long peers();
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter downloads;
    private final Counter uploadBytes;
    private final Counter itemsAdded;
    private final Counter addedBytes;
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final SwarmMetrics swarm;
    private final ReplicationMetrics replication;

    public NodeMetrics(Sources sources) {
        // Filters first (Micrometer warns otherwise). system_cpu_count and process_cpu_time_ns_total fail promtool's naming lint.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("system.cpu.count")
                || id.getName().equals("process.cpu.time")));
        gauge("cairn.peers.count", "Peers this node knows", sources, s -> s.peers(), null);
        gauge("cairn.tracks.count", "Items in the library", sources, s -> s.tracks(), null);
        gauge("cairn.content.size", "Bytes of content in the library", sources, s -> s.contentBytes(), "bytes");
        gauge("cairn.store.used", "Bytes used by stored blocks", sources, s -> s.storeBytes(), "bytes");
        gauge("cairn.store.max", "Block store quota, 0 for none (store.max_bytes)", sources, s -> s.storeMaxBytes(), "bytes");
        gauge("cairn.pins", "Pins on this node", sources, s -> s.pins(), null);
        downloads = Counter.builder("cairn.downloads").description("Content downloads served (full or ranged)").register(registry);
        uploadBytes = Counter.builder("cairn.upload").baseUnit("bytes").description("Content bytes sent to clients")
                .register(registry);
        itemsAdded = Counter.builder("cairn.items.added").description("Files added through the API").register(registry);
        addedBytes = Counter.builder("cairn.added").baseUnit("bytes").description("Bytes of files added through the API")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        requestTimer("GET", "/ping", 200); // so the request histogram exists from the start
        swarm = new SwarmMetrics(registry);
        replication = new ReplicationMetrics(registry);
    }

    public ReplicationMetrics replication() {
        return replication;
    }

    public SwarmMetrics swarm() {
        return swarm;
    }

    private void gauge(String name, String help, Sources s, ToDoubleFunction<Sources> f, String unit) {
        Gauge.builder(name, s, src -> {
            try {
                return f.applyAsDouble(src);
            } catch (RuntimeException e) {
                return Double.NaN; // a part that cannot answer now shows as NaN, not as a failed scrape
            }
        }).description(help).baseUnit(unit).strongReference(true).register(registry);
    }

    public void download(long bytes) {
        downloads.increment();
        uploadBytes.increment(bytes);
    }

    public void added(long bytes) {
        itemsAdded.increment();
        addedBytes.increment(bytes);
    }

    public void request(String method, String route, int status, Duration took) {
        requestTimer(method, route, status).record(took);
    }

    private Timer requestTimer(String method, String route, int status) {
        return requestTimers.computeIfAbsent(method + " " + route + " " + status, k -> Timer.builder("cairn.http.request.duration")
                .description("HTTP request latency").tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry));
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
