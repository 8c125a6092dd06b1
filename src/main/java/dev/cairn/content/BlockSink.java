package dev.cairn.content;

import java.io.IOException;

/** Where the importer puts the blocks it makes (a block store, or a write batch of one). */
@FunctionalInterface
public interface BlockSink {
    void put(Block block) throws IOException;
}
