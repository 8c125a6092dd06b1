package dev.cairn.config;

/** {@code swarm.*}: how many block transfers one download runs in parallel. */
public record SwarmSection(int minStreams, int maxStreams) {
    static SwarmSection from(Values v) {
        return new SwarmSection(v.get(Keys.SWARM_MIN_STREAMS), v.get(Keys.SWARM_MAX_STREAMS));
    }
}
