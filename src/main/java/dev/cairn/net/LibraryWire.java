package dev.cairn.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.catalog.Item;
import dev.cairn.catalog.ItemJson;
import dev.cairn.catalog.LibraryChanges;
import dev.cairn.content.Cid;
import java.util.ArrayList;
import java.util.List;

/**
 * A page of library changes on the wire ({@code GET /cairn/v1/library}):
 * {@code {"epoch", "changes": [{"seq", "cid", "deleted", "item"}], "next", "more"}}.
 * Reading checks everything: a peer's page is refused whole if one change is malformed.
 */
public final class LibraryWire {
    private LibraryWire() {}

    public static ObjectNode encode(LibraryChanges.Changes page) {
        ObjectNode out = PeerClient.JSON.createObjectNode();
        out.put("epoch", page.epoch());
        ArrayNode arr = out.putArray("changes");
        for (LibraryChanges.Change c : page.changes()) {
            ObjectNode o = arr.addObject();
            o.put("seq", c.seq());
            o.put("cid", c.cid().toString());
            o.put("deleted", c.item() == null);
            if (c.item() != null) o.set("item", PeerClient.JSON.valueToTree(ItemJson.toMap(c.item())));
        }
        out.put("next", page.next());
        out.put("more", page.more());
        return out;
    }

    public static LibraryChanges.Changes decode(JsonNode n, long since) {
        JsonNode epoch = n.get("epoch");
        if (epoch == null || !epoch.isTextual() || epoch.asText().isEmpty() || epoch.asText().length() > 64) {
            throw new IllegalArgumentException("library page without a valid epoch");
        }
        JsonNode changes = n.get("changes");
        if (changes == null || !changes.isArray() || changes.size() > Protocol.LIBRARY_PAGE) {
            throw new IllegalArgumentException("library page must hold at most " + Protocol.LIBRARY_PAGE + " changes");
        }
        List<LibraryChanges.Change> out = new ArrayList<>();
        long last = since;
        for (JsonNode c : changes) {
            long seq = c.path("seq").asLong(-1);
            if (!c.path("seq").isIntegralNumber() || seq <= last) {
                throw new IllegalArgumentException("library changes must have increasing seq above " + since);
            }
            last = seq;
            Cid cid = Cid.parse(c.path("cid").asText(""));
            Item item = null;
            if (!c.path("deleted").asBoolean(false)) {
                item = ItemJson.fromJson(c.get("item"));
                if (!item.cid().equals(cid)) throw new IllegalArgumentException("library change " + seq + " names two CIDs");
            }
            out.add(new LibraryChanges.Change(seq, cid, item));
        }
        long next = n.path("next").asLong(last);
        if (next < last) throw new IllegalArgumentException("library page next is behind its changes");
        return new LibraryChanges.Changes(epoch.asText(), out, next, n.path("more").asBoolean(false));
    }
}
