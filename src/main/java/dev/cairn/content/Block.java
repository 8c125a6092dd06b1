package dev.cairn.content;

/**
 * A block: bytes and the CID that addresses them. Only {@link #of} and {@link #verified}
 * construct one, so holding a Block means its bytes match its CID.
 */
public final class Block {
    private final Cid cid;
    private final byte[] data;

    private Block(Cid cid, byte[] data) {
        this.cid = cid;
        this.data = data;
    }

    /** Hashes {@code data} (sha2-256) and addresses it with a CID of the given version and codec. */
    public static Block of(int cidVersion, int codec, byte[] data) {
        if (cidVersion == 0 && codec != Codec.DAG_PB) throw new IllegalArgumentException("CIDv0 can only address dag-pb blocks");
        Multihash mh = Multihash.sha256(data);
        return new Block(cidVersion == 0 ? Cid.v0(mh) : Cid.v1(codec, mh), data);
    }

    /** Checks that {@code data} hashes to {@code cid}; throws {@link BlockMismatchException} if not. */
    public static Block verified(Cid cid, byte[] data) {
        if (!cid.multihash().matches(data)) throw new BlockMismatchException(cid);
        return new Block(cid, data);
    }

    public Cid cid() {
        return cid;
    }

    /** The block's bytes. Not copied, for speed: callers must not modify them. */
    public byte[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    @Override
    public String toString() {
        return "Block[" + cid + ", " + data.length + " bytes]";
    }
}
