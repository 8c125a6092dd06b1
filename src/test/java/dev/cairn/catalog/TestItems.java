package dev.cairn.catalog;

import dev.cairn.content.Cid;
import dev.cairn.content.Codec;
import dev.cairn.content.Multihash;
import dev.cairn.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Catalog items for tests, named by a word that stands for the file's bytes. */
final class TestItems {
    private TestItems() {}

    /** A CIDv1 dag-pb item for the file whose bytes are {@code content}. */
    static Item item(String content, String title, String artist, long createdAt) {
        return new Item(cid(content), sha256(content), content.length(), content + ".mp3", "audio/mpeg", title, artist, "Album",
                "Folk", 2020, 1, 180.0, List.of("tag"), Map.of(), createdAt, createdAt);
    }

    static Cid cid(String content) {
        return Cid.v1(Codec.DAG_PB, multihash(content));
    }

    /** The same content's CIDv0 ({@code Qm...}). */
    static Cid cidV0(String content) {
        return Cid.v0(multihash(content));
    }

    static String sha256(String content) {
        return TestData.sha256Hex(bytes(content));
    }

    /** The item as edited at {@code at}: new title, same content. */
    static Item retitled(Item item, String title, long at) {
        return item.with(new Metadata(title, null, null, null, null, null, null, null, null, null), at);
    }

    private static Multihash multihash(String content) {
        return Multihash.sha256(bytes(content));
    }

    private static byte[] bytes(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
