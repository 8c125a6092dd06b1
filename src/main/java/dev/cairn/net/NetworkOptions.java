package dev.cairn.net;

import java.time.Duration;
import java.util.List;

/**
 * How a node joins the network: where to start, how often to look around, how many peers to
 * keep, how long to wait for one. {@code missedRounds} unanswered rounds drop a peer.
 */
public record NetworkOptions(List<PeerAddress> bootstrap, Duration discoveryInterval, int maxPeers, Duration timeout,
        int missedRounds) {
    public NetworkOptions {
        bootstrap = List.copyOf(bootstrap);
    }

    public static NetworkOptions of(List<PeerAddress> bootstrap, Duration interval, int maxPeers) {
        return new NetworkOptions(bootstrap, interval, maxPeers, Duration.ofSeconds(10), 3);
    }
}
