package dev.cairn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagPbAndUnixFsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Cid A = Block.of(1, Codec.RAW, "a".getBytes(StandardCharsets.US_ASCII)).cid();
    private static final Cid B = Block.of(0, Codec.DAG_PB, new byte[] {0x0a, 0x00}).cid();
    private static final Cid C = Block.of(1, Codec.DAG_PB, new byte[0]).cid();

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** A dag-pb message with one field: tag, length, bytes. */
    private static byte[] field(int tag, byte[] value) {
        return concat(new byte[] {(byte) tag}, Varint.encode(value.length), value);
    }

    // ---- dag-pb ----

    @Test
    void hello_leaf_has_the_bytes_and_cid_go_ipfs_makes() {
        byte[] data = UnixFs.file(TestContent.HELLO, 12, List.of()).encode();
        byte[] block = DagPb.encode(List.of(), data);
        assertThat(HEX.formatHex(block)).isEqualTo("0a120802120c68656c6c6f20776f726c640a180c");
        assertThat(Block.of(0, Codec.DAG_PB, block).cid().toString()).isEqualTo(CidTest.HELLO_V0);
    }

    @Test
    void empty_directory_has_the_well_known_cids() {
        byte[] block = DagPb.encode(List.of(), UnixFs.directory().encode());
        assertThat(HEX.formatHex(block)).isEqualTo("0a020801");
        assertThat(Block.of(0, Codec.DAG_PB, block).cid().toString()).isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        assertThat(Block.of(1, Codec.DAG_PB, block).cid().toString())
                .isEqualTo("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");
    }

    @Test
    void node_with_links_and_data_round_trips() {
        List<PbLink> links = List.of(
                new PbLink(A, "first", 10L),
                new PbLink(B, "", null),
                new PbLink(C, null, 5_000_000_000L),
                new PbLink(A, "ünïcödé ✓", 0L));
        byte[] data = {1, 2, 3, 0, (byte) 0xFF};
        DagPb.Node node = DagPb.decode(DagPb.encode(links, data));
        assertThat(node.links()).containsExactlyElementsOf(links);
        assertThat(node.links().get(1).name()).as("an empty name stays distinct from no name").isEmpty();
        assertThat(node.links().get(2).name()).isNull();
        assertThat(node.links().get(1).cid().version()).isZero();
        assertThat(node.data()).isEqualTo(data);
    }

    @Test
    void absent_and_empty_data_are_distinguished() {
        assertThat(DagPb.decode(DagPb.encode(List.of(new PbLink(A, "x", 1L)), null)).data()).isNull();
        assertThat(DagPb.decode(DagPb.encode(List.of(), new byte[0])).data()).isEmpty();
        assertThat(DagPb.encode(List.of(), null)).isEmpty();
        assertThat(DagPb.decode(new byte[0])).isEqualTo(new DagPb.Node(List.of(), null));
    }

    @Test
    void links_lists_the_cids_of_dag_pb_blocks_and_nothing_for_raw() {
        byte[] block = DagPb.encode(List.of(new PbLink(A, "a", 1L), new PbLink(B, "b", 2L)), UnixFs.directory().encode());
        assertThat(DagPb.links(Block.of(1, Codec.DAG_PB, block).cid(), block)).containsExactly(A, B);
        assertThat(DagPb.links(A, block)).as("a raw block has no links, whatever its bytes").isEmpty();
    }

    @Test
    void decoder_rejects_data_before_links() {
        byte[] data = DagPb.encode(List.of(), new byte[] {8, 1});
        byte[] link = DagPb.encode(List.of(new PbLink(A, "a", 1L)), null);
        assertThatThrownBy(() -> DagPb.decode(concat(data, link)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dag-pb: links after data");
    }

    @Test
    void decoder_rejects_a_duplicate_data_field() {
        byte[] data = DagPb.encode(List.of(), new byte[] {8, 1});
        assertThatThrownBy(() -> DagPb.decode(concat(data, data)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dag-pb: duplicate data field");
    }

    @Test
    void decoder_rejects_unknown_fields() {
        byte[] data = DagPb.encode(List.of(), new byte[] {8, 1});
        assertThatThrownBy(() -> DagPb.decode(concat(data, new byte[] {0x18, 0x01})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dag-pb: unexpected field tag 24");
        // field 2 as a varint instead of length-delimited
        assertThatThrownBy(() -> DagPb.decode(new byte[] {0x10, 0x01}))
                .hasMessage("dag-pb: unexpected field tag 16");
        // an unknown field inside a link
        byte[] link = concat(field(0x0a, A.toBytes()), new byte[] {0x20, 0x01});
        assertThatThrownBy(() -> DagPb.decode(field(0x12, link)))
                .hasMessage("dag-pb link: unexpected field tag 32");
    }

    @Test
    void decoder_rejects_a_link_without_hash() {
        byte[] link = field(0x12, "x".getBytes(StandardCharsets.US_ASCII)); // Name only
        assertThatThrownBy(() -> DagPb.decode(field(0x12, link)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dag-pb link without a hash");
        assertThatThrownBy(() -> new PbLink(null, "x", 1L)).hasMessage("dag-pb link without a hash");
    }

    @Test
    void decoder_rejects_malformed_links() {
        byte[] nameThenHash = concat(field(0x12, new byte[] {'x'}), field(0x0a, A.toBytes()));
        assertThatThrownBy(() -> DagPb.decode(field(0x12, nameThenHash)))
                .hasMessage("dag-pb link: fields out of order or repeated");
        byte[] twoHashes = concat(field(0x0a, A.toBytes()), field(0x0a, A.toBytes()));
        assertThatThrownBy(() -> DagPb.decode(field(0x12, twoHashes)))
                .hasMessage("dag-pb link: fields out of order or repeated");
        byte[] badName = concat(field(0x0a, A.toBytes()), field(0x12, new byte[] {(byte) 0xC3, 0x28}));
        assertThatThrownBy(() -> DagPb.decode(field(0x12, badName)))
                .hasMessage("dag-pb link name is not valid UTF-8");
        byte[] hashWithTrailing = field(0x0a, concat(A.toBytes(), new byte[] {0}));
        assertThatThrownBy(() -> DagPb.decode(field(0x12, hashWithTrailing)))
                .hasMessage("dag-pb link: trailing bytes after CID");
    }

    @Test
    void decoder_rejects_a_field_longer_than_the_block() {
        assertThatThrownBy(() -> DagPb.decode(new byte[] {0x0a, 0x05, 1, 2}))
                .hasMessage("protobuf field length 5 past end of message");
    }

    // ---- UnixFS ----

    @Test
    void unixfs_file_with_blocksizes_round_trips() {
        UnixFs fs = UnixFs.file(null, 3000, List.of(1024L, 1024L, 952L));
        byte[] encoded = fs.encode();
        // type, filesize, then blocksizes unpacked, as go-unixfs and js-ipfs-unixfs write them
        assertThat(HEX.formatHex(encoded)).isEqualTo("080218b817208008208008" + "20b807");
        UnixFs back = UnixFs.decode(encoded);
        assertThat(back.type()).isEqualTo(UnixFs.Type.FILE);
        assertThat(back.data()).isNull();
        assertThat(back.fileSize()).isEqualTo(3000L);
        assertThat(back.blockSizes()).containsExactly(1024L, 1024L, 952L);
        assertThat(back.contentSize()).isEqualTo(3000);
    }

    @Test
    void unixfs_packed_blocksizes_are_read_too() {
        byte[] packed = HEX.parseHex("080218b817" + "2206" + "8008" + "8008" + "b807");
        assertThat(UnixFs.decode(packed).blockSizes()).containsExactly(1024L, 1024L, 952L);
    }

    @Test
    void unixfs_optional_fields_round_trip() {
        UnixFs fs = new UnixFs(UnixFs.Type.FILE, new byte[] {'h', 'i'}, 2L, List.of(), 0x22L, 256L, 0644, 1_700_000_000L);
        UnixFs back = UnixFs.decode(fs.encode());
        assertThat(back.type()).isEqualTo(UnixFs.Type.FILE);
        assertThat(back.data()).containsExactly('h', 'i');
        assertThat(back.fileSize()).isEqualTo(2L);
        assertThat(back.hashType()).isEqualTo(0x22L);
        assertThat(back.fanout()).isEqualTo(256L);
        assertThat(back.mode()).isEqualTo(0644);
        assertThat(back.mtimeSeconds()).isEqualTo(1_700_000_000L);

        UnixFs dir = UnixFs.decode(UnixFs.directory().encode());
        assertThat(dir.type()).isEqualTo(UnixFs.Type.DIRECTORY);
        assertThat(dir.fileSize()).isNull();
        assertThat(dir.blockSizes()).isEmpty();
        UnixFs link = UnixFs.decode(UnixFs.symlink("../target".getBytes(StandardCharsets.UTF_8)).encode());
        assertThat(link.type()).isEqualTo(UnixFs.Type.SYMLINK);
        assertThat(new String(link.data(), StandardCharsets.UTF_8)).isEqualTo("../target");
    }

    @Test
    void unixfs_rejects_bad_messages() {
        assertThatThrownBy(() -> UnixFs.decode(new byte[] {0x08, 0x09})).hasMessage("unknown UnixFS type 9");
        assertThatThrownBy(() -> UnixFs.decode(new byte[] {0x18, 0x01})).hasMessage("UnixFS data without a type");
        assertThatThrownBy(() -> UnixFs.decode(new byte[] {0x08, 0x02, 0x48, 0x01})).hasMessage("UnixFS: unexpected field tag 72");
        assertThatThrownBy(() -> UnixFs.decode(null)).hasMessage("dag-pb node has no UnixFS data");
    }

    @Test
    void unixfs_node_decodes_raw_leaves_and_file_nodes() {
        byte[] raw = {1, 2, 3};
        UnixFsNode leaf = UnixFsNode.decode(Block.of(1, Codec.RAW, raw).cid(), raw);
        assertThat(leaf.type()).isEqualTo(UnixFs.Type.RAW);
        assertThat(leaf.isFile()).isTrue();
        assertThat(leaf.contentSize()).isEqualTo(3);

        byte[] block = DagPb.encode(List.of(new PbLink(A, "", 1L), new PbLink(A, "", 1L)),
                UnixFs.file(new byte[] {9, 9}, 4, List.of(1L, 1L)).encode());
        UnixFsNode node = UnixFsNode.decode(Block.of(1, Codec.DAG_PB, block).cid(), block);
        assertThat(node.isFile()).isTrue();
        assertThat(node.isDirectory()).isFalse();
        assertThat(node.data()).containsExactly(9, 9);
        assertThat(node.blockSizes()).containsExactly(1L, 1L);
        assertThat(node.contentSize()).isEqualTo(4);
    }

    @Test
    void unixfs_node_rejects_blocksizes_that_do_not_match_the_links() {
        byte[] block = DagPb.encode(List.of(new PbLink(A, "", 1L), new PbLink(A, "", 1L)),
                UnixFs.file(null, 1, List.of(1L)).encode());
        Cid cid = Block.of(1, Codec.DAG_PB, block).cid();
        assertThatThrownBy(() -> UnixFsNode.decode(cid, block))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block " + cid + " is not a valid UnixFS node: 2 links but 1 blocksizes");
    }

    @Test
    void unixfs_node_rejects_a_filesize_that_is_not_the_sum_of_its_parts() {
        byte[] block = DagPb.encode(List.of(new PbLink(A, "", 1L)), UnixFs.file(new byte[] {7}, 999, List.of(1024L)).encode());
        Cid cid = Block.of(1, Codec.DAG_PB, block).cid();
        assertThatThrownBy(() -> UnixFsNode.decode(cid, block))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block " + cid + " is not a valid UnixFS node: filesize 999 but content adds up to 1025");
    }

    @Test
    void unixfs_node_rejects_codecs_it_cannot_read() {
        Cid cbor = Block.of(1, Codec.DAG_CBOR, new byte[] {(byte) 0xA0}).cid();
        assertThatThrownBy(() -> UnixFsNode.decode(cbor, new byte[] {(byte) 0xA0}))
                .hasMessage(cbor + " is dag-cbor, not a UnixFS node");
        byte[] noData = DagPb.encode(List.of(), null);
        Cid cid = Block.of(1, Codec.DAG_PB, noData).cid();
        assertThatThrownBy(() -> UnixFsNode.decode(cid, noData))
                .hasMessage("block " + cid + " is not a valid UnixFS node: dag-pb node has no UnixFS data");
    }
}
