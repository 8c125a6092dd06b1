package dev.cairn.swarm;

import java.time.Duration;

/**
 * Per-peer request windows ({@code swarm.min_streams}..{@code swarm.max_streams}), the caps on
 * each direction in bytes per second (0 = none), how long one block body may take, and whether
 * a request is pipelined behind each one in flight ({@code swarm.pipeline}).
 */
public record SwarmOptions(int minStreams, int maxStreams, long maxUploadRate, long maxDownloadRate, Duration blockTimeout, boolean pipeline) {
    public SwarmOptions {
        if (minStreams < 1 || maxStreams < minStreams) {
            throw new IllegalArgumentException("need 1 <= swarm.min_streams <= swarm.max_streams, got " + minStreams + ", " + maxStreams);
        }
    }

    /** With pipelining, as by default. */
    public SwarmOptions(int minStreams, int maxStreams, long maxUploadRate, long maxDownloadRate, Duration blockTimeout) {
        this(minStreams, maxStreams, maxUploadRate, maxDownloadRate, blockTimeout, true);
    }

    public static SwarmOptions defaults() {
        return new SwarmOptions(4, 32, 0, 0, Duration.ofSeconds(60), true);
    }
}
