package dev.cairn.store;

import dev.cairn.content.Block;
import dev.cairn.content.BlockSink;
import dev.cairn.content.Cid;
import java.io.IOException;
import java.util.List;

/**
 * Blocks written together. A block is never visible in the store before its bytes are
 * durable; a batch closed without {@link #commit()} leaves none of its uncommitted blocks
 * behind. Large batches may commit part-way to bound temporary space; {@link #created()}
 * lists every block the batch added that was not already stored, so a failed operation
 * can remove them.
 */
public interface WriteBatch extends BlockSink, AutoCloseable {
    @Override
    void put(Block block) throws IOException;

    /** Makes every block put so far durable and visible. */
    void commit() throws IOException;

    /** Blocks this batch made visible that the store did not hold before. */
    List<Cid> created();

    /** Bytes of new blocks this batch has written (committed or not). */
    long newBytes();

    /** Discards uncommitted blocks. */
    @Override
    void close() throws IOException;
}
