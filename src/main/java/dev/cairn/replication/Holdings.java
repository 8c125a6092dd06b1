package dev.cairn.replication;

import dev.cairn.content.Cid;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * What this node holds for the cluster and is fetching, with a version (a digest of both) so
 * that members re-read the lists only when they changed: with a thousand pins the lists are
 * tens of kilobytes, the version a few bytes.
 */
record Holdings(Set<Cid> holds, Set<Cid> fetching, String version) {
    static final Holdings NONE = of(Set.of(), Set.of());

    static Holdings of(Set<Cid> holds, Set<Cid> fetching) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Cid c : new TreeSet<>(holds)) sha.update(("h" + c + "\n").getBytes(StandardCharsets.UTF_8));
            for (Cid c : new TreeSet<>(fetching)) sha.update(("f" + c + "\n").getBytes(StandardCharsets.UTF_8));
            return new Holdings(Set.copyOf(holds), Set.copyOf(fetching), HexFormat.of().formatHex(sha.digest(), 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
