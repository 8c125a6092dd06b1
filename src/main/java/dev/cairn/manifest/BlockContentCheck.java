package dev.cairn.manifest;

import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.BlockSource;
import dev.cairn.content.Cid;
import dev.cairn.content.DagReader;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads a file's whole DAG from a {@link BlockSource} (the store, or a node's blocks asked with
 * only-if-cached) and hashes it. Every block is checked against its CID on the way, so the
 * SHA-256 is that of the content the CID names, not of whatever bytes a store holds.
 */
public final class BlockContentCheck implements ContentCheck {
    private final BlockSource blocks;

    public BlockContentCheck(BlockSource blocks) {
        this.blocks = blocks;
    }

    @Override
    public Optional<Content> read(Cid cid) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        try (DagReader reader = DagReader.open(blocks, cid, 0, Long.MAX_VALUE);
                DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
            long size = reader.writeTo(out);
            return Optional.of(new Content(size, HexFormat.of().formatHex(sha256.digest())));
        } catch (BlockNotFoundException e) {
            return Optional.empty();
        }
    }
}
