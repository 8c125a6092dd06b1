package dev.cairn.config;

import java.time.Duration;
import java.util.List;

/** {@code network.*}: joining the network, peers, and bandwidth caps in bytes per second (0 for none). */
public record NetworkSection(List<HostPort> bootstrap, Duration discoveryInterval, int maxPeers, long maxUploadRate,
        long maxDownloadRate) {
    public NetworkSection {
        bootstrap = List.copyOf(bootstrap);
    }

    static NetworkSection from(Values v) {
        return new NetworkSection(v.get(Keys.NETWORK_BOOTSTRAP), v.get(Keys.NETWORK_DISCOVERY_INTERVAL), v.get(Keys.NETWORK_MAX_PEERS),
                v.get(Keys.NETWORK_MAX_UPLOAD_RATE), v.get(Keys.NETWORK_MAX_DOWNLOAD_RATE));
    }
}
