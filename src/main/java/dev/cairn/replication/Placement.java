package dev.cairn.replication;

import dev.cairn.content.Cid;
import dev.cairn.util.Sizes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which members keep a pin: weighted rendezvous hashing, computed the same way by every node
 * from the same inputs, so no leader is needed.
 *
 * <p>Each member gets a score from a hash of (CID, peer id), scaled by its weight: the highest
 * scores win. A member joining or leaving moves only the pins it wins or held. The weight is
 * the member's free space rounded down to a power of two (in MiB), so a node that fills up
 * gets fewer new pins, but ordinary changes of free space do not reshuffle placements.
 * A member without room for the content is never chosen, unless it already holds it.
 *
 * <p>Placement is sticky: members that hold (or are fetching) a pin keep it, best score first,
 * and only the missing copies go to the best-scored others. So a change of weights or a
 * member coming back never moves data that is already where it needs to be.
 */
public final class Placement {
    private static final long MIB = 1 << 20;

    private Placement() {}

    /** A member as placement sees it. */
    public record Candidate(String peerId, long freeBytes, boolean holds, boolean fetching) {}

    /**
     * @param assigned the members that should keep the pin, best first (fewer than wanted when not enough are eligible)
     * @param shortfall why fewer than wanted are assigned, or null
     */
    public record Result(List<String> assigned, String shortfall) {}

    public static Result place(Cid cid, int replicas, long size, List<Candidate> members) {
        List<Candidate> eligible = new ArrayList<>();
        int full = 0;
        for (Candidate m : members) {
            if (m.holds() || m.fetching() || (size < 0 ? m.freeBytes() > 0 : m.freeBytes() >= size)) eligible.add(m);
            else full++;
        }
        byte[] key = cid.toV1().toBytes();
        Comparator<Candidate> best = Comparator.comparingDouble((Candidate m) -> score(key, m)).reversed()
                .thenComparing(Candidate::peerId);
        List<Candidate> keepers = eligible.stream().filter(m -> m.holds() || m.fetching()).sorted(best).toList();
        List<Candidate> others = eligible.stream().filter(m -> !m.holds() && !m.fetching()).sorted(best).toList();
        List<String> assigned = new ArrayList<>();
        for (Candidate m : keepers) if (assigned.size() < replicas) assigned.add(m.peerId());
        for (Candidate m : others) if (assigned.size() < replicas) assigned.add(m.peerId());
        String shortfall = null;
        if (assigned.size() < replicas) {
            shortfall = "wants " + replicas + " copies but only " + assigned.size() + " of " + members.size() + " live cluster members can hold it"
                    + (full > 0 ? " (" + full + " lack room for " + (size < 0 ? "it" : Sizes.format(size)) + ")" : "");
        }
        return new Result(List.copyOf(assigned), shortfall);
    }

    /** weight / -ln(u), u uniform in (0, 1) from the hash: the highest wins with probability proportional to weight. */
    static double score(byte[] cidBytes, Candidate m) {
        double u = (hash(cidBytes, m.peerId()) >>> 11) * 0x1.0p-53;
        u = Math.min(Math.max(u, 0x1.0p-53), 1 - 0x1.0p-53);
        return weight(m.freeBytes()) / -Math.log(u);
    }

    static double weight(long freeBytes) {
        long mib = Math.max(1, freeBytes / MIB);
        return Long.highestOneBit(mib);
    }

    private static long hash(byte[] cidBytes, String peerId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cidBytes);
            sha.update(peerId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
