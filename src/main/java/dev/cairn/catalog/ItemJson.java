package dev.cairn.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.content.Cid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An item as JSON: the API's item shape, which is also how peers send their libraries. Reading
 * is strict because the other side may be hostile: every field is type- and size-checked and a
 * bad item is refused whole, with the field named.
 */
public final class ItemJson {
    static final int MAX_TEXT = 1024;
    static final int MAX_TAGS = 64;
    static final int MAX_CUSTOM_BYTES = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ItemJson() {}

    public static Map<String, Object> toMap(Item i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cid", i.cid().toString());
        m.put("content_hash", i.sha256());
        m.put("size", i.size());
        m.put("name", i.name());
        m.put("mime", i.mime());
        m.put("title", i.title());
        m.put("artist", i.artist());
        m.put("album", i.album());
        m.put("genre", i.genre());
        m.put("year", i.year());
        m.put("track_number", i.trackNumber());
        m.put("duration", i.duration());
        m.put("tags", i.tags());
        m.put("custom", i.custom());
        m.put("created_at", i.createdAt());
        m.put("updated_at", i.updatedAt());
        return m;
    }

    /** Parses and checks an item; IllegalArgumentException naming the first bad field. */
    public static Item fromJson(JsonNode n) {
        if (n == null || !n.isObject()) throw new IllegalArgumentException("item must be a JSON object");
        Cid cid;
        try {
            cid = Cid.parse(requiredText(n, "cid", 128));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("item cid: " + e.getMessage());
        }
        String sha = requiredText(n, "content_hash", 64);
        if (!ContentHash.isSha256(sha)) throw new IllegalArgumentException("item content_hash must be 64 hex digits");
        long size = requiredLong(n, "size");
        if (size < 0) throw new IllegalArgumentException("item size must not be negative");
        Double duration = n.hasNonNull("duration") ? number(n, "duration") : null;
        if (duration != null && (!Double.isFinite(duration) || duration < 0)) {
            throw new IllegalArgumentException("item duration must be a non-negative number");
        }
        List<String> tags = new ArrayList<>();
        JsonNode t = n.get("tags");
        if (t != null && !t.isNull()) {
            if (!t.isArray() || t.size() > MAX_TAGS) throw new IllegalArgumentException("item tags must be an array of at most " + MAX_TAGS);
            for (JsonNode tag : t) {
                if (!tag.isTextual() || tag.asText().length() > 200) throw new IllegalArgumentException("item tags must be short strings");
                tags.add(tag.asText());
            }
        }
        Map<String, Object> custom = Map.of();
        JsonNode c = n.get("custom");
        if (c != null && !c.isNull()) {
            if (!c.isObject() || c.toString().length() > MAX_CUSTOM_BYTES) {
                throw new IllegalArgumentException("item custom must be an object of at most " + MAX_CUSTOM_BYTES + " bytes");
            }
            custom = JSON.convertValue(c, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
            custom = new LinkedHashMap<>(custom);
            custom.values().removeIf(java.util.Objects::isNull);
        }
        return new Item(cid, sha.toLowerCase(java.util.Locale.ROOT), size, text(n, "name"), text(n, "mime"), text(n, "title"),
                text(n, "artist"), text(n, "album"), text(n, "genre"), integer(n, "year"), integer(n, "track_number"), duration,
                tags, custom, optionalLong(n, "created_at"), optionalLong(n, "updated_at"));
    }

    private static String requiredText(JsonNode n, String field, int max) {
        String v = text(n, field);
        if (v == null) throw new IllegalArgumentException("item " + field + " is missing");
        if (v.length() > max) throw new IllegalArgumentException("item " + field + " is too long");
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new IllegalArgumentException("item " + field + " must be a string");
        if (v.asText().length() > MAX_TEXT) throw new IllegalArgumentException("item " + field + " is longer than " + MAX_TEXT);
        return v.asText();
    }

    private static long requiredLong(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("item " + field + " must be an integer");
        }
        return v.asLong();
    }

    private static long optionalLong(JsonNode n, String field) {
        return n.hasNonNull(field) ? requiredLong(n, field) : 0;
    }

    private static Integer integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isInt()) throw new IllegalArgumentException("item " + field + " must be an integer");
        return v.asInt();
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!v.isNumber()) throw new IllegalArgumentException("item " + field + " must be a number");
        return v.asDouble();
    }
}
