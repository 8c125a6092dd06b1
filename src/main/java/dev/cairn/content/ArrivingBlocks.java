package dev.cairn.content;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A block source whose missing blocks may arrive while it is read, as on a node fetching them
 * from its peers: what is here can be taken without waiting, and arrivals can be followed. A
 * reader that does not need the blocks in order (a CAR with {@code order=unk}) can then pass
 * each one on as it comes rather than wait for the next in line.
 */
public interface ArrivingBlocks extends BlockSource {
    /** The block's verified bytes if it is here now; null if not. Never waits, never fetches. */
    byte[] getIfPresent(Cid cid) throws IOException;

    /** Whether the block is here now, without reading it. */
    boolean isPresent(Cid cid) throws IOException;

    /** Calls {@code listener} with the CIDv1 of each block that arrives from now on, until the subscription is closed. */
    Subscription onArrival(Consumer<Cid> listener);

    /** A listener's registration; closing it ends the calls. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
