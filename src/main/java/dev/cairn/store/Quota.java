package dev.cairn.store;

import dev.cairn.util.Sizes;

/** {@code store.max_bytes}: 0 means unlimited. Unpinned blocks are collected past {@link #GC_THRESHOLD}. */
public record Quota(long maxBytes) {
    public static final double GC_THRESHOLD = 0.9;
    public static final Quota UNLIMITED = new Quota(0);

    public Quota {
        if (maxBytes < 0) throw new IllegalArgumentException("store.max_bytes must not be negative");
    }

    public boolean limited() {
        return maxBytes > 0;
    }

    public boolean pastGcThreshold(long used) {
        return limited() && used > (long) (maxBytes * GC_THRESHOLD);
    }

    public void check(long used, long more, String what) throws QuotaExceededException {
        if (limited() && used + more > maxBytes) {
            throw new QuotaExceededException("store quota exceeded: " + what + " needs " + Sizes.format(more)
                    + " more, but " + Sizes.format(used) + " of the " + Sizes.format(maxBytes)
                    + " limit (store.max_bytes) is in use; unpin content, run `cairn gc` or raise the limit");
        }
    }
}
