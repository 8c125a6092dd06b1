package dev.cairn.content;

import java.io.IOException;

/** Where readers get blocks from. Implementations verify every block against its CID. */
@FunctionalInterface
public interface BlockSource {
    /** Returns the block's verified bytes; throws {@link BlockNotFoundException} when absent. */
    byte[] get(Cid cid) throws IOException;
}
