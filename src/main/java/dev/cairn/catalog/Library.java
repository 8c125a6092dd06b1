package dev.cairn.catalog;

import dev.cairn.content.Cid;
import dev.cairn.content.FileImporter;
import dev.cairn.store.AddOptions;
import dev.cairn.store.AddResult;
import dev.cairn.store.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Adding to the library: content into the repository, and a catalog item per file with the
 * metadata its tags give, overridden by what the user said.
 */
public final class Library {
    private final Repo repo;
    private final TagSource tags;

    public Library(Repo repo, TagSource tags) {
        this.repo = repo;
        this.tags = tags;
    }

    public Catalog catalog() throws IOException {
        return new Catalog(repo.database());
    }

    /** What an add made: the repository's result and one catalog item per file. */
    public record Added(AddResult result, List<Item> items) {}

    public Added addPaths(List<Path> paths, AddOptions options, Metadata given, LongConsumer progress) throws IOException {
        AddResult result = repo.add(paths, options, progress);
        Catalog catalog = catalog();
        List<Item> items = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (AddResult.Entry e : result.entries()) {
            if (e.directory()) continue;
            Metadata meta = given.over(tags.read(e.path()));
            Item item = newItem(e.cid(), e.sha256(), e.size(), e.name(), meta, now);
            catalog.put(item);
            items.add(item);
        }
        return new Added(result, items);
    }

    /**
     * Adds one uploaded file. The bytes are spooled to a temporary file beside the blocks only
     * so that its tags can be read afterwards; the spool is removed whatever happens.
     */
    public Item addStream(InputStream in, String name, AddOptions options, Metadata given) throws IOException {
        Path spool = Files.createTempFile(repo.dataDir(), ".upload-", ".part");
        try {
            FileImporter.Result r;
            try (InputStream tee = new TeeInputStream(in, spool)) {
                r = repo.addStream(tee, options);
            }
            Metadata meta = given.over(tags.read(spool));
            Item item = newItem(r.cid(), r.sha256(), r.size(), name, meta, System.currentTimeMillis());
            catalog().put(item);
            return item;
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    public Optional<Item> find(String id) throws IOException {
        return catalog().find(id);
    }

    /** Removes the item and its pin; its blocks go at the next garbage collection. */
    public boolean remove(Cid cid) throws IOException {
        boolean removed = catalog().delete(cid);
        repo.unpin(cid);
        return removed;
    }

    private static Item newItem(Cid cid, String sha256, long size, String name, Metadata m, long now) {
        return new Item(cid, sha256, size, name, m.mime(), m.title(), m.artist(), m.album(), m.genre(), m.year(),
                m.trackNumber(), m.duration(), m.tags(), m.custom(), now, now);
    }
}
