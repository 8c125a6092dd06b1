package dev.cairn.replication;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Seed 003's replication levels: how many nodes of the cluster keep a copy. */
public enum ReplicationLevel {
    CRITICAL(5), IMPORTANT(3), STANDARD(2), EPHEMERAL(1);

    private final int replicas;

    ReplicationLevel(int replicas) {
        this.replicas = replicas;
    }

    public int replicas() {
        return replicas;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReplicationLevel parse(String s) {
        for (ReplicationLevel l : values()) if (l.label().equalsIgnoreCase(s.strip())) return l;
        throw new IllegalArgumentException("unknown replication level '" + s + "'; one of "
                + Arrays.stream(values()).map(l -> l.label() + " (" + l.replicas + ")").collect(Collectors.joining(", ")));
    }
}
