package dev.cairn.config;

/** {@code metrics.*}: whether Prometheus metrics are served. */
public record MetricsSection(boolean enabled) {
    static MetricsSection from(Values v) {
        return new MetricsSection(v.get(Keys.METRICS_ENABLED));
    }
}
