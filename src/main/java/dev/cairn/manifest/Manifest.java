package dev.cairn.manifest;

import dev.cairn.replication.ReplicationLevel;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A content manifest (format version {@value #FORMAT_VERSION}, {@code docs/MANIFESTS.md}): a named,
 * versioned list of files by content address, signed by an Ed25519 key. {@code sequence} orders
 * the manifests of one name: a node never goes back to a lower one. Optional members are null
 * when absent ({@code expires}, {@code level}), and stay absent when written again, since the
 * signature covers exactly what was there. {@code signer} and {@code signature} are null until
 * {@link ManifestSigner} signs it.
 */
public record Manifest(String name, String version, long sequence, Instant created, Instant expires, ReplicationLevel level,
        List<ManifestFile> files, Map<String, String> metadata, String signer, String signature) {
    public static final int FORMAT_VERSION = 1;

    public Manifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(created, "created");
        files = List.copyOf(files);
        metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    }

    /** An unsigned manifest, as {@code manifest create} starts one. */
    public static Manifest unsigned(String name, String version, long sequence, Instant created, Instant expires, ReplicationLevel level,
            List<ManifestFile> files, Map<String, String> metadata) {
        return new Manifest(name, version, sequence, created, expires, level, files, metadata, null, null);
    }

    /** The level replication uses: the stated one, else standard. */
    public ReplicationLevel effectiveLevel() {
        return level == null ? ReplicationLevel.STANDARD : level;
    }

    public boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    public Manifest withSignature(String signer, String signature) {
        return new Manifest(name, version, sequence, created, expires, level, files, metadata, signer, signature);
    }
}
