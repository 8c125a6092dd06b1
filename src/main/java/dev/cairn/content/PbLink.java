package dev.cairn.content;

/** A dag-pb link. {@code name} and {@code tsize} are optional (null when absent). */
public record PbLink(Cid cid, String name, Long tsize) {
    public PbLink {
        if (cid == null) throw new IllegalArgumentException("dag-pb link without a hash");
    }
}
