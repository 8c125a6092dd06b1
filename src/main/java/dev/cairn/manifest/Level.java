package dev.cairn.manifest;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How much a manifest's content matters, seed 003's replication levels: what replication will
 * turn into a number of copies. A manifest without a level is {@link #STANDARD}.
 */
public enum Level {
    CRITICAL, IMPORTANT, STANDARD, EPHEMERAL;

    /** The name in manifests: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level named {@code label}; IllegalArgumentException listing the allowed names. */
    public static Level of(String label) {
        for (Level l : values()) if (l.label().equals(label)) return l;
        throw new IllegalArgumentException("unknown level '" + Text.shorten(label) + "'; allowed: " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Level::label).collect(Collectors.joining(", "));
    }
}
