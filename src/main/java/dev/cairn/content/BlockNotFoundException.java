package dev.cairn.content;

/** A block that is not available where it was looked for. */
public class BlockNotFoundException extends RuntimeException {
    private final Cid cid;

    public BlockNotFoundException(Cid cid) {
        super("block " + cid + " not found");
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
