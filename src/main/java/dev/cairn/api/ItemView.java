package dev.cairn.api;

import dev.cairn.catalog.Item;
import dev.cairn.catalog.Metadata;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Items as JSON, and metadata from request parameters. */
public final class ItemView {
    private ItemView() {}

    public static Map<String, Object> of(Item i) {
        return dev.cairn.catalog.ItemJson.toMap(i);
    }

    /** Metadata from parameters: title, artist, album, genre, year, track_number, tags (comma-separated), meta.KEY. */
    static Metadata fromParams(Function<String, String> param, Iterable<String> names) {
        Map<String, Object> custom = new TreeMap<>();
        for (String n : names) {
            if (n.startsWith("meta.") && n.length() > 5) custom.put(n.substring(5), param.apply(n));
        }
        String tags = param.apply("tags");
        List<String> tagList = tags == null ? null
                : Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        return new Metadata(param.apply("title"), param.apply("artist"), param.apply("album"), param.apply("genre"),
                integer(param, "year"), integer(param, "track_number"), null, null, tagList, custom.isEmpty() ? null : custom);
    }

    static Metadata fromQuery(Context ctx) {
        return fromParams(ctx::queryParam, ctx.queryParamMap().keySet());
    }

    private static Integer integer(Function<String, String> param, String name) {
        String v = param.apply(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_parameter", name + " must be an integer, got '" + v + "'");
        }
    }
}
