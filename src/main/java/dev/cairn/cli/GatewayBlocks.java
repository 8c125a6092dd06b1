package dev.cairn.cli;

import dev.cairn.content.Block;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.BlockSource;
import dev.cairn.content.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Blocks from a running node's trustless gateway ({@code /ipfs/{cid}?format=raw}), each
 * verified against its CID, so that ls, get and car export work on a node's data directory
 * with the same code as on a closed repository.
 */
final class GatewayBlocks implements BlockSource {
    private final NodeClient node;
    private final boolean localOnly;

    GatewayBlocks(NodeClient node) {
        this(node, false);
    }

    /** @param localOnly only what the node stores ({@code Cache-Control: only-if-cached}): a block it lacks is not found, not fetched from peers */
    GatewayBlocks(NodeClient node, boolean localOnly) {
        this.node = node;
        this.localOnly = localOnly;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (cid.isIdentity()) return cid.multihash().digest().clone();
        byte[] data;
        Map<String, String> headers = localOnly
                ? Map.of("Accept", "application/vnd.ipld.raw", "Cache-Control", "only-if-cached")
                : Map.of("Accept", "application/vnd.ipld.raw");
        try (InputStream in = node.getStream("/ipfs/" + cid + "?format=raw", headers)) {
            data = in.readNBytes(dev.cairn.content.CarReader.MAX_SECTION + 1);
        } catch (NodeClient.ApiError e) {
            if (e.status == 404 || e.status == 412) throw new BlockNotFoundException(cid); // 412: only-if-cached and not stored
            throw e;
        }
        return Block.verified(cid, data).data();
    }
}
