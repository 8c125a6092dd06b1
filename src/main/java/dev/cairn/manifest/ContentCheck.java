package dev.cairn.manifest;

import dev.cairn.content.Cid;
import java.io.IOException;
import java.util.Optional;

/**
 * Where a verifier reads a manifest file's content to compare it with the manifest: a local
 * repository, a running node, anything that can read a file by CID.
 */
@FunctionalInterface
public interface ContentCheck {
    /** What was read: the file's size and its whole-file SHA-256 (lower-case hex). */
    record Content(long size, String sha256) {}

    /**
     * The size and SHA-256 of the file {@code cid} names, read and hashed from local storage;
     * empty when some of it is not stored here. IllegalArgumentException when {@code cid} is not a
     * file (a directory, say) or its DAG contradicts itself.
     */
    Optional<Content> read(Cid cid) throws IOException;
}
