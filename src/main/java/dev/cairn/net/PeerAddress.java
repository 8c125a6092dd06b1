package dev.cairn.net;

import java.net.URI;
import java.util.regex.Pattern;

/** Where a peer listens: a host (IP literal or DNS name) and a port, validated before any use. */
public record PeerAddress(String host, int port) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[?[0-9A-Fa-f:.]{2,45}]?");

    public PeerAddress {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("invalid peer host: " + PeerIds.abbreviate(host));
        }
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("invalid peer port: " + port + " (1-65535)");
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static PeerAddress parse(String text) {
        if (text == null) throw new IllegalArgumentException("missing peer address");
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("peer address must be HOST:PORT, got '" + PeerIds.abbreviate(t) + "'");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peer address must be HOST:PORT, got '" + PeerIds.abbreviate(t) + "'");
        }
        return new PeerAddress(t.substring(0, colon), port);
    }

    /** Hosts that mean "any interface" and cannot be dialled. */
    public boolean isWildcard() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    public URI uri(String path) {
        return URI.create("http://" + this + path);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
