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

    GatewayBlocks(NodeClient node) {
        this.node = node;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (cid.isIdentity()) return cid.multihash().digest().clone();
        byte[] data;
        try (InputStream in = node.getStream("/ipfs/" + cid + "?format=raw", Map.of("Accept", "application/vnd.ipld.raw"))) {
            data = in.readNBytes(dev.cairn.content.CarReader.MAX_SECTION + 1);
        } catch (NodeClient.ApiError e) {
            if (e.status == 404) throw new BlockNotFoundException(cid);
            throw e;
        }
        return Block.verified(cid, data).data();
    }
}
