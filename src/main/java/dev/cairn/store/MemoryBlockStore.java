package dev.cairn.store;

import dev.cairn.content.Block;
import dev.cairn.content.BlockMismatchException;
import dev.cairn.content.BlockNotFoundException;
import dev.cairn.content.Cid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The in-memory twin of {@link FileBlockStore}, for tests and short-lived work. */
public final class MemoryBlockStore implements BlockStore {
    private final Map<Cid, byte[]> blocks = new ConcurrentHashMap<>();

    @Override
    public boolean has(Cid cid) {
        return cid.isIdentity() || blocks.containsKey(cid.toV1());
    }

    @Override
    public byte[] get(Cid cid) {
        if (cid.isIdentity()) return cid.multihash().digest().clone();
        byte[] data = blocks.get(cid.toV1());
        if (data == null) throw new BlockNotFoundException(cid);
        if (!cid.multihash().matches(data)) throw new BlockMismatchException(cid);
        return data;
    }

    @Override
    public long sizeOf(Cid cid) {
        byte[] data = cid.isIdentity() ? cid.multihash().digest() : blocks.get(cid.toV1());
        return data == null ? -1 : data.length;
    }

    @Override
    public boolean put(Block block) {
        if (block.cid().isIdentity()) return false;
        return blocks.putIfAbsent(block.cid().toV1(), block.data()) == null;
    }

    @Override
    public WriteBatch batch() {
        return new WriteBatch() {
            private final List<Block> pending = new ArrayList<>();
            private final List<Cid> created = new ArrayList<>();
            private long newBytes;

            @Override
            public void put(Block block) {
                if (!has(block.cid())) newBytes += block.size();
                pending.add(block);
            }

            @Override
            public void commit() {
                for (Block b : pending) if (MemoryBlockStore.this.put(b)) created.add(b.cid().toV1());
                pending.clear();
            }

            @Override
            public List<Cid> created() {
                return List.copyOf(created);
            }

            @Override
            public long newBytes() {
                return newBytes;
            }

            @Override
            public void close() {
                pending.clear();
            }
        };
    }

    @Override
    public boolean delete(Cid cid) {
        return blocks.remove(cid.toV1()) != null;
    }

    @Override
    public void forEach(Consumer<Cid> action) {
        blocks.keySet().forEach(action);
    }

    @Override
    public long usedBytes() {
        return blocks.values().stream().mapToLong(b -> b.length).sum();
    }

    @Override
    public void close() {}
}
