package dev.cairn.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The top-level fields of a JSON object, read with Jackson's streaming parser: each scalar as
 * its text, each array as its length; nested objects only as present. For answers a command
 * reads a few fields of, such as {@code cairn get}'s transfer: an {@code ObjectMapper} took
 * 33-40 ms of a cold command to set up, spent while the node was starting the download the
 * command had just asked for, on a machine whose cores that download needed.
 */
final class JsonFields {
    /** Made on first use; {@link dev.cairn.NodeFile} has its own, and the class set-up is shared. */
    private static final class Json {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    private final Map<String, String> scalars;
    private final Map<String, Integer> arrays;
    private final Set<String> objects;

    private JsonFields(Map<String, String> scalars, Map<String, Integer> arrays, Set<String> objects) {
        this.scalars = scalars;
        this.arrays = arrays;
        this.objects = objects;
    }

    /** The fields of {@code json}, which must be one object; a JSON null counts as absent. */
    static JsonFields parse(byte[] json) throws IOException {
        Map<String, String> scalars = new HashMap<>();
        Map<String, Integer> arrays = new HashMap<>();
        Set<String> objects = new HashSet<>();
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("expected a JSON object");
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == null) break;
                switch (value) {
                    case START_ARRAY -> arrays.put(name, elements(p));
                    case START_OBJECT -> {
                        objects.add(name);
                        p.skipChildren();
                    }
                    case VALUE_NULL -> { }
                    default -> scalars.put(name, p.getText());
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) throw new IOException("malformed JSON object");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("malformed JSON: " + e.getOriginalMessage(), e);
        }
        return new JsonFields(scalars, arrays, objects);
    }

    /** Counts the array the parser has just entered and leaves it at its end. */
    private static int elements(JsonParser p) throws IOException {
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw new IOException("unterminated JSON array");
            n++;
            p.skipChildren();
        }
        return n;
    }

    /** Whether the field is there and not null, of any kind. */
    boolean has(String name) {
        return scalars.containsKey(name) || arrays.containsKey(name) || objects.contains(name);
    }

    /** The scalar's text; {@code otherwise} if absent, null, or not a scalar. */
    String text(String name, String otherwise) {
        return scalars.getOrDefault(name, otherwise);
    }

    /** The scalar as a whole number; {@code otherwise} if absent or not one. */
    long longValue(String name, long otherwise) {
        String s = scalars.get(name);
        if (s == null) return otherwise;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** How many elements the array has; 0 if absent or not an array. */
    int size(String name) {
        return arrays.getOrDefault(name, 0);
    }
}
