package dev.cairn.store;

import dev.cairn.content.Block;
import dev.cairn.content.BlockSource;
import dev.cairn.content.Cid;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Blocks addressed by CID. Blocks are keyed by their CIDv1 form, so a CIDv0 and the
 * equivalent CIDv1 name the same stored block. Identity CIDs are never stored: their bytes
 * are in the CID itself.
 *
 * <p>Synchronous on purpose: callers run on (virtual) threads, and a blocking interface keeps
 * error handling and ordering plain.
 */
public interface BlockStore extends BlockSource, AutoCloseable {

    boolean has(Cid cid) throws IOException;

    /** The block's bytes, verified against its CID: a corrupt block throws, never returns wrong bytes. */
    @Override
    byte[] get(Cid cid) throws IOException;

    /** Like {@link #get}, but hashed even where the store would trust an earlier check: what {@code verify} reads with. */
    default byte[] getRehashed(Cid cid) throws IOException {
        return get(cid);
    }

    /** Stored size in bytes, or -1 when the block is absent. */
    long sizeOf(Cid cid) throws IOException;

    /** Stores one block durably; returns false if it was already there. */
    boolean put(Block block) throws IOException;

    /** A batch whose blocks become durable together at {@link WriteBatch#commit()}. */
    WriteBatch batch();

    /** Removes a block; returns false if it was absent. */
    boolean delete(Cid cid) throws IOException;

    /** Calls {@code action} with the CIDv1 of every stored block (order unspecified). */
    void forEach(Consumer<Cid> action) throws IOException;

    /** Bytes used by stored blocks. */
    long usedBytes() throws IOException;

    @Override
    void close();
}
