package dev.cairn.replication;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Seed 003's replication levels: how many nodes of the cluster keep a copy. Cluster pins and signed manifests both use them. */
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

    /** The level spelt exactly as its label (signed manifests accept one spelling only), if any. */
    public static java.util.Optional<ReplicationLevel> byLabel(String label) {
        for (ReplicationLevel l : values()) if (l.label().equals(label)) return java.util.Optional.of(l);
        return java.util.Optional.empty();
    }

    /** The labels, in order: "critical, important, standard, ephemeral". */
    public static String labels() {
        return Arrays.stream(values()).map(ReplicationLevel::label).collect(Collectors.joining(", "));
    }

    /**
     * The copies a cluster pin asks for: {@code replicas} when given, else {@code level}'s (either
     * may be null); IllegalArgumentException when neither is given or the count is outside 1..{@value PinOp#MAX_REPLICAS}.
     */
    public static int copies(ReplicationLevel level, Integer replicas) {
        if (replicas == null && level == null) throw new IllegalArgumentException("a cluster pin needs level or replicas");
        int n = replicas != null ? replicas : level.replicas;
        if (n < 1 || n > PinOp.MAX_REPLICAS) throw new IllegalArgumentException("replicas must be 1.." + PinOp.MAX_REPLICAS);
        return n;
    }

    /** The level named {@code s}, in any case, or an error listing each level with its copies. */
    public static ReplicationLevel parse(String s) {
        for (ReplicationLevel l : values()) if (l.label().equalsIgnoreCase(s.strip())) return l;
        throw new IllegalArgumentException("unknown replication level '" + s + "'; one of "
                + Arrays.stream(values()).map(l -> l.label() + " (" + l.replicas + ")").collect(Collectors.joining(", ")));
    }
}
