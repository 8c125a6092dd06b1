package dev.cairn.content;

import java.util.List;
import java.util.Locale;

/**
 * How a file becomes a DAG: CID version, leaf encoding, chunk size and fan-out. The named
 * profiles match IPIP-499 and what Kubo and Helia produce, so the same file gets the same CID.
 */
public record ImportProfile(String name, int cidVersion, boolean rawLeaves, int chunkSize, int maxLinks) {
    /** Default: CIDv1, raw leaves, 1 MiB chunks, 1024 links (Helia's default and IPIP-499's 2025 profile). */
    public static final ImportProfile UNIXFS_V1_2025 = new ImportProfile("unixfs-v1-2025", 1, true, 1 << 20, 1024);
    /** What {@code ipfs add --cid-version=1} does in Kubo. */
    public static final ImportProfile V1_RAW_256K_174 = new ImportProfile("v1-raw-256k-174", 1, true, 256 << 10, 174);
    /** Kubo's historical default: CIDv0, UnixFS leaves, 256 KiB chunks, 174 links. */
    public static final ImportProfile UNIXFS_V0_2015 = new ImportProfile("unixfs-v0-2015", 0, false, 256 << 10, 174);

    public static final List<ImportProfile> NAMED = List.of(UNIXFS_V1_2025, V1_RAW_256K_174, UNIXFS_V0_2015);

    /** Blocks bigger than this are not exchanged by IPFS implementations (bitswap's limit). */
    public static final int MAX_CHUNK_SIZE = 1 << 20;

    public ImportProfile {
        if (cidVersion != 0 && cidVersion != 1) throw new IllegalArgumentException("cidVersion must be 0 or 1");
        if (cidVersion == 0 && rawLeaves) throw new IllegalArgumentException("CIDv0 cannot address raw leaves");
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size must be 1.." + MAX_CHUNK_SIZE + ", got " + chunkSize);
        }
        if (maxLinks < 2) throw new IllegalArgumentException("maxLinks must be at least 2, got " + maxLinks);
    }

    public static ImportProfile named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ImportProfile p : NAMED) if (p.name.equals(n)) return p;
        throw new IllegalArgumentException("unknown profile '" + name + "'; expected one of "
                + NAMED.stream().map(ImportProfile::name).toList());
    }

    public int leafCodec() {
        return rawLeaves ? Codec.RAW : Codec.DAG_PB;
    }
}
