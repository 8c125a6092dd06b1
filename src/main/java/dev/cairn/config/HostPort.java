package dev.cairn.config;

import java.util.regex.Pattern;

/** A peer address: a host name, IPv4 address or IPv6 address, and a TCP port. */
public record HostPort(String host, int port) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9_.-]+)?");

    public HostPort {
        if (!isHost(host)) throw new IllegalArgumentException("not a host name or IP address: '" + host + "'");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range (1-65535): " + port);
    }

    /** Reads {@code host:port}, with IPv6 addresses in brackets: {@code [::1]:4001}. */
    public static HostPort parse(String text) {
        String t = text.strip();
        String host;
        String port;
        if (t.startsWith("[")) {
            int close = t.indexOf("]:");
            if (close < 0) throw new IllegalArgumentException("not host:port: '" + text + "'");
            host = t.substring(1, close);
            port = t.substring(close + 2);
        } else {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || t.indexOf(':') != colon) throw new IllegalArgumentException("not host:port: '" + text + "'");
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        if (!port.matches("\\d{1,5}")) throw new IllegalArgumentException("not host:port: '" + text + "'");
        return new HostPort(host, Integer.parseInt(port));
    }

    /** A host name, IPv4 address, or IPv6 address (without brackets, optionally with a zone). */
    public static boolean isHost(String host) {
        return host != null && (NAME.matcher(host).matches() || IPV6.matcher(host).matches());
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
