package dev.cairn.store;

class MemoryBlockStoreTest extends BlockStoreContract {
    @Override
    BlockStore newStore() {
        return new MemoryBlockStore();
    }
}
