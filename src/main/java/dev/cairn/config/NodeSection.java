package dev.cairn.config;

/** {@code node.*}: where the node listens (HTTP API, web UI and peer protocol). */
public record NodeSection(String host, int port) {
    static NodeSection from(Values v) {
        return new NodeSection(v.get(Keys.NODE_HOST), v.get(Keys.NODE_PORT));
    }
}
