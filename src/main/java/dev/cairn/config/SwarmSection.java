package dev.cairn.config;

/** {@code swarm.*}: how many block transfers one download runs in parallel, and whether requests are pipelined. */
public record SwarmSection(int minStreams, int maxStreams, boolean pipeline) {
    static SwarmSection from(Values v) {
        return new SwarmSection(v.get(Keys.SWARM_MIN_STREAMS), v.get(Keys.SWARM_MAX_STREAMS), v.get(Keys.SWARM_PIPELINE));
    }
}
