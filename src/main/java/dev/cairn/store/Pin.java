package dev.cairn.store;

import dev.cairn.content.Cid;

/** A pin keeps a block (direct) or a whole DAG (recursive) from garbage collection. */
public record Pin(Cid cid, Mode mode, String name, long createdAt) {
    public enum Mode {
        RECURSIVE, DIRECT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
