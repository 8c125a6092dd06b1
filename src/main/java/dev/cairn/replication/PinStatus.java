package dev.cairn.replication;

import dev.cairn.content.Cid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster pin as this node sees it.
 *
 * @param state queued, pinning, pinned (this node is assigned and at that stage), remote (others
 *     keep it), under-replicated (fewer members can keep it than its level wants) or error
 * @param holders the live members, this node included, that hold it whole
 * @param assigned the members placement chose, best first
 * @param error this node's last failure to fetch it, or null
 * @param reason why it is under-replicated, or null
 * @param origin the node the operation was made on; {@code signer} the key that signed it
 */
public record PinStatus(Cid cid, String state, String level, int replicas, String name, long size, List<String> holders,
        List<String> assigned, String error, String reason, String origin, String signer, long updatedAt) {

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cid", cid.toString());
        m.put("scope", "cluster");
        m.put("state", state);
        m.put("level", level);
        m.put("replicas", replicas);
        m.put("name", name);
        m.put("size", size);
        m.put("holders", holders);
        m.put("assigned", assigned);
        m.put("error", error);
        m.put("reason", reason);
        m.put("origin", origin);
        m.put("signer", signer);
        m.put("updated_at", java.time.Instant.ofEpochMilli(updatedAt).toString());
        return m;
    }
}
