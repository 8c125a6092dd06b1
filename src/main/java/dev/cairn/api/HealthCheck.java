package dev.cairn.api;

import dev.cairn.store.Database;
import dev.cairn.store.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether each part of the node can do its job right now: the block store (its directory is
 * writable and the disk has room) and the database (it can take a write lock). Used by
 * {@code GET /health}, which answers 503 when any part is down.
 */
final class HealthCheck {
    /** Below this much free disk, writes will fail soon: report the store as down. */
    static final long MIN_FREE_BYTES = 64L << 20;

    private final Repo repo;

    HealthCheck(Repo repo) {
        this.repo = repo;
    }

    /** One component's state: "ok" or "down", with a reason when down. */
    record Component(String status, String detail) {
        static Component ok() {
            return new Component("ok", null);
        }

        static Component down(String why) {
            return new Component("down", why);
        }
    }

    Map<String, Component> components() {
        Map<String, Component> c = new LinkedHashMap<>();
        c.put("store", store());
        c.put("database", database());
        return c;
    }

    private Component store() {
        Path blocks = repo.dataDir().resolve("blocks");
        try {
            if (!Files.isWritable(blocks)) return Component.down(blocks + " is not writable");
            long free = Files.getFileStore(blocks).getUsableSpace();
            if (free < MIN_FREE_BYTES) return Component.down("disk almost full: " + free + " bytes free in " + blocks);
            return Component.ok();
        } catch (Exception e) {
            return Component.down(e.getMessage());
        }
    }

    private Component database() {
        try {
            Database db = repo.database();
            synchronized (db) {
                try (Statement s = db.connection().createStatement()) {
                    s.execute("BEGIN IMMEDIATE");
                    s.execute("ROLLBACK");
                }
            }
            return Component.ok();
        } catch (Exception e) {
            return Component.down("database cannot write: " + e.getMessage());
        }
    }
}
