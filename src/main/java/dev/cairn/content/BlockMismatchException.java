package dev.cairn.content;

/** Bytes that do not hash to the CID they were given as (a corrupt file, a lying peer, a bad CAR). */
public class BlockMismatchException extends RuntimeException {
    private final Cid cid;

    public BlockMismatchException(Cid cid) {
        this(cid, "block " + cid + " is corrupt: its bytes do not match its hash");
    }

    public BlockMismatchException(Cid cid, String message) {
        super(message);
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
