package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.api.ItemView;
import dev.cairn.catalog.Catalog;
import dev.cairn.catalog.CatalogQuery;
import dev.cairn.catalog.Item;
import dev.cairn.store.Repo;
import dev.cairn.util.Sizes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "list", description = {"Show the library: '<cid>  <size>  <artist> - <title>' per item, newest first.",
        "With a node running, peers' items are listed too, each with where it is: 'local' and/or 'N peer(s)';",
        "--local shows only this node's. With --json, the items as a JSON array."})
final class ListCommand implements Callable<Integer> {
    @CommandLine.Option(names = {"-s", "--search"}, paramLabel = "Q", description = "Full-text search (title, artist, album, tags...).")
    String search;

    @CommandLine.Option(names = "--artist", description = "Only this artist.")
    String artist;

    @CommandLine.Option(names = "--album", description = "Only this album.")
    String album;

    @CommandLine.Option(names = "--genre", description = "Only this genre.")
    String genre;

    @CommandLine.Option(names = "--limit", defaultValue = "1000", description = "At most this many (default 1000).")
    int limit;

    @CommandLine.Option(names = "--json", description = "Print JSON.")
    boolean asJson;

    @CommandLine.Option(names = "--local", description = "Only items in this node's own library.")
    boolean local;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Made here, not in a static field: picocli instantiates every command at start-up,
        // and Jackson's set-up costs a third of a second.
        ObjectMapper json = new ObjectMapper();
        ArrayNode items = json.createArrayNode();
        var node = CairnCommand.node(spec);
        if (node.isPresent()) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("q", search);
            q.put("artist", artist);
            q.put("album", album);
            q.put("genre", genre);
            q.put("limit", Integer.toString(limit));
            if (local) {
                node.get().getJson("/api/v1/items" + NodeClient.query(q)).get("items").forEach(items::add);
            } else {
                q.put("scope", "network");
                node.get().getJson("/tracks" + NodeClient.query(q)).forEach(items::add);
            }
        } else {
            CatalogQuery query;
            try {
                query = new CatalogQuery(search, artist, album, genre, limit, 0);
            } catch (IllegalArgumentException e) {
                throw new ErrorHandler.UsageException(e.getMessage());
            }
            try (Repo repo = CairnCommand.openRepo(spec)) {
                for (Item i : new Catalog(repo.database()).list(query).items()) items.add(json.valueToTree(ItemView.of(i)));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (asJson) {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(items));
        } else {
            for (JsonNode i : items) out.println(line(i));
        }
        out.flush();
        return 0;
    }

    private static String line(JsonNode i) {
        String title = text(i, "title", text(i, "name", ""));
        String artist = text(i, "artist", null);
        String album = text(i, "album", null);
        return i.get("cid").asText() + "  " + Sizes.format(i.get("size").asLong()) + "  "
                + (artist == null ? "" : artist + " - ") + title + (album == null ? "" : "  (" + album + ")") + where(i);
    }

    /** For network listings: "  [local, 2 peers]". */
    private static String where(JsonNode i) {
        if (!i.has("peers")) return "";
        int peers = i.get("peers").size();
        String p = peers == 0 ? "" : peers + (peers == 1 ? " peer" : " peers");
        boolean here = i.path("local").asBoolean();
        return "  [" + (here ? "local" : "") + (here && peers > 0 ? ", " : "") + p + "]";
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }
}
