package dev.cairn.replication;

import dev.cairn.content.Cid;
import dev.cairn.net.PeerAddress;
import java.util.Set;

/**
 * Another node of the cluster, as its latest status answer described it: its free space, the
 * pins it holds whole and those it is fetching, and when it last answered. A member that has
 * not answered for {@code replication.repair_delay} is left out of placement.
 */
final class Member {
    final String peerId;
    volatile PeerAddress address;
    volatile long freeBytes;
    volatile Set<Cid> holds = Set.of();
    volatile Set<Cid> fetching = Set.of();
    volatile String holdingsVersion = "";
    volatile long lastContact;

    Member(String peerId, PeerAddress address) {
        this.peerId = peerId;
        this.address = address;
    }

    boolean aliveAt(long now, long repairDelayMillis) {
        return now - lastContact <= repairDelayMillis;
    }
}
