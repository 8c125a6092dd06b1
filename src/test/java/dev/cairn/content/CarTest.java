package dev.cairn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.store.MemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarTest {
    private static final String HELLO_WRAPPED_ROOT = "bafybeidhkumeonuwkebh2i4fc7o7lguehauradvlk57gzake6ggjsy372a";
    private static final String HELLO_RAW = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
    private static final ImportProfile FAN3 = new ImportProfile("fan3", 1, true, 1024, 3);

    private static byte[] helloWrappedCar() throws IOException {
        return Files.readAllBytes(TestContent.fixturesDir().resolve("hello_wrapped.car"));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A dag-cbor CAR header {roots: [root], version: n}, built by hand. */
    private static byte[] header(Cid root, int version) {
        byte[] cid = root.toBytes();
        return concat(new byte[] {(byte) 0xA2, 0x65}, ascii("roots"), new byte[] {(byte) 0x81, (byte) 0xD8, 42, 0x58, (byte) (cid.length + 1), 0},
                cid, new byte[] {0x67}, ascii("version"), new byte[] {(byte) version});
    }

    private static byte[] framed(byte[] body) {
        return concat(Varint.encode(body.length), body);
    }

    private static byte[] writeCar(List<Cid> roots, BlockSource source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter writer = new CarWriter(out, roots);
        DagWalker.walk(roots, source, new java.util.HashSet<>(), writer::write);
        return out.toByteArray();
    }

    private static List<Block> readAll(CarReader reader) throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (Block b; (b = reader.next()) != null; ) blocks.add(b);
        return blocks;
    }

    private static Cid rawCid(byte[] content, int from, int to) {
        return Block.of(1, Codec.RAW, Arrays.copyOfRange(content, from, to)).cid();
    }

    // ---- round trips ----

    @Test
    void write_then_read_round_trips_with_blocks_depth_first() throws IOException {
        byte[] content = Sha256CtrStream.bytes(5 * 1024);
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = FileImporter.importFile(new ByteArrayInputStream(content), FAN3, store::put).cid();
        List<PbLink> parents = DagPb.decode(store.get(root)).links();
        assertThat(parents).hasSize(2);

        CarReader reader = new CarReader(new ByteArrayInputStream(writeCar(List.of(root), store)));
        assertThat(reader.roots()).containsExactly(root);
        List<Block> blocks = readAll(reader);
        assertThat(blocks).extracting(Block::cid).containsExactly(
                root,
                parents.get(0).cid(), rawCid(content, 0, 1024), rawCid(content, 1024, 2048), rawCid(content, 2048, 3072),
                parents.get(1).cid(), rawCid(content, 3072, 4096), rawCid(content, 4096, 5120));
        for (Block b : blocks) assertThat(b.data()).isEqualTo(store.get(b.cid()));
        assertThat(reader.next()).as("still at the end").isNull();
    }

    @Test
    void a_block_linked_twice_is_written_once() throws IOException {
        byte[] zeros = new byte[5 * 1024]; // five identical chunks: one leaf block, linked five times
        MemoryBlockStore store = new MemoryBlockStore();
        Cid root = FileImporter.importFile(new ByteArrayInputStream(zeros), FAN3, store::put).cid();
        List<PbLink> parents = DagPb.decode(store.get(root)).links();
        Cid leaf = rawCid(zeros, 0, 1024);

        List<Block> blocks = readAll(new CarReader(new ByteArrayInputStream(writeCar(List.of(root), store))));
        assertThat(blocks).extracting(Block::cid).containsExactly(root, parents.get(0).cid(), leaf, parents.get(1).cid());

        // and the file still reads back whole from what the CAR carried
        MemoryBlockStore copy = new MemoryBlockStore();
        blocks.forEach(copy::put);
        assertThat(DagReader.open(copy, root, 0, Long.MAX_VALUE).readAllBytes()).isEqualTo(zeros);
    }

    @Test
    void several_roots_keep_their_order_and_cid_version() throws IOException {
        MemoryBlockStore store = new MemoryBlockStore();
        Cid v0 = FileImporter.importFile(new ByteArrayInputStream(TestContent.HELLO), ImportProfile.UNIXFS_V0_2015, store::put).cid();
        Cid raw = FileImporter.importFile(new ByteArrayInputStream(TestContent.HELLO), ImportProfile.UNIXFS_V1_2025, store::put).cid();
        assertThat(v0.toString()).isEqualTo(CidTest.HELLO_V0);

        CarReader reader = new CarReader(new ByteArrayInputStream(writeCar(List.of(v0, raw), store)));
        assertThat(reader.roots()).containsExactly(v0, raw);
        assertThat(reader.roots().getFirst().version()).isZero();
        assertThat(readAll(reader)).extracting(Block::cid).containsExactly(v0, raw);
    }

    @Test
    void writer_reproduces_the_ipfs_car_file_byte_for_byte() throws IOException {
        byte[] original = helloWrappedCar();
        CarReader reader = new CarReader(new ByteArrayInputStream(original));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarWriter writer = new CarWriter(out, reader.roots());
        for (Block b : readAll(reader)) writer.write(b.cid(), b.data());
        assertThat(out.toByteArray()).isEqualTo(original);
    }

    // ---- the shared fixture ----

    @Test
    void hello_wrapped_car_reads_with_its_root_and_verified_blocks() throws IOException {
        CarReader reader = new CarReader(new ByteArrayInputStream(helloWrappedCar()));
        assertThat(reader.roots()).extracting(Cid::toString).containsExactly(HELLO_WRAPPED_ROOT);
        List<Block> blocks = readAll(reader);
        assertThat(blocks).extracting(b -> b.cid().toString()).containsExactlyInAnyOrder(HELLO_RAW, HELLO_WRAPPED_ROOT);
        for (Block b : blocks) assertThat(b.cid().multihash().matches(b.data())).as("%s verifies", b.cid()).isTrue();

        MemoryBlockStore store = new MemoryBlockStore();
        blocks.forEach(store::put);
        Cid root = reader.roots().getFirst();
        List<DirectoryListing.Entry> entries = DirectoryListing.list(store, root);
        assertThat(entries).containsExactly(new DirectoryListing.Entry("hello.txt", Cid.parse(HELLO_RAW), UnixFs.Type.RAW, 12));
        byte[] hello = DagReader.open(store, entries.getFirst().cid(), 0, Long.MAX_VALUE).readAllBytes();
        assertThat(new String(hello, StandardCharsets.US_ASCII)).isEqualTo("hello world\n");
    }

    // ---- rejection ----

    @Test
    void a_block_whose_bytes_were_altered_fails_naming_its_cid() throws IOException {
        byte[] car = helloWrappedCar();
        int at = indexOf(car, ascii("hello world"));
        car[at] = 'j';
        CarReader reader = new CarReader(new ByteArrayInputStream(car));
        BlockMismatchException e = catchThrowableOfType(BlockMismatchException.class, reader::next);
        assertThat(e.cid().toString()).isEqualTo(HELLO_RAW);
        assertThat(e).hasMessageContaining(HELLO_RAW);
    }

    @Test
    void a_truncated_section_is_reported() throws IOException {
        byte[] car = helloWrappedCar();
        CarReader reader = new CarReader(new ByteArrayInputStream(Arrays.copyOf(car, car.length - 5)));
        assertThat(reader.next().cid().toString()).isEqualTo(HELLO_RAW);
        assertThatThrownBy(reader::next)
                .isInstanceOf(EOFException.class)
                .hasMessage("CAR section truncated: expected 93 bytes, got 88");
    }

    @Test
    void a_section_over_the_limit_is_refused_before_it_is_read() throws IOException {
        Cid root = Cid.parse(HELLO_RAW);
        byte[] car = concat(framed(header(root, 1)), Varint.encode(CarReader.MAX_SECTION + 1L), new byte[16]);
        CarReader reader = new CarReader(new ByteArrayInputStream(car));
        assertThatThrownBy(reader::next)
                .isInstanceOf(CarReader.CarFormatException.class)
                .hasMessage("CAR section of 2097409 bytes (limit 2097408)");
        CarReader zero = new CarReader(new ByteArrayInputStream(concat(framed(header(root, 1)), new byte[] {0})));
        assertThatThrownBy(zero::next).hasMessage("CAR section of 0 bytes (limit 2097408)");
    }

    @Test
    void a_section_of_exactly_the_limit_is_accepted() throws IOException {
        byte[] data = Sha256CtrStream.bytes(CarReader.MAX_SECTION - 36); // a CIDv1 raw sha2-256 takes 36 bytes
        Block big = Block.of(1, Codec.RAW, data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CarWriter(out, List.of(big.cid())).write(big.cid(), data);
        CarReader reader = new CarReader(new ByteArrayInputStream(out.toByteArray()));
        Block read = reader.next();
        assertThat(read.cid()).isEqualTo(big.cid());
        assertThat(read.size()).isEqualTo(CarReader.MAX_SECTION - 36);
        assertThat(reader.next()).isNull();
    }

    @Test
    void a_section_with_a_bad_cid_or_length_is_refused() throws IOException {
        Cid root = Cid.parse(HELLO_RAW);
        byte[] badCid = concat(framed(header(root, 1)), framed(concat(new byte[] {2, 0x55, 0x12, 0x20}, new byte[32])));
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(badCid)).next())
                .isInstanceOf(CarReader.CarFormatException.class)
                .hasMessage("bad CID in CAR section: unsupported CID version 2");
        byte[] badLength = concat(framed(header(root, 1)), new byte[] {(byte) 0x80, 0x00});
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(badLength)).next())
                .isInstanceOf(CarReader.CarFormatException.class)
                .hasMessage("bad CAR section length: non-minimal varint");
    }

    @Test
    void an_empty_file_is_not_a_car() {
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(CarReader.CarFormatException.class)
                .hasMessage("empty file: not a CAR");
    }

    @Test
    void a_header_that_is_not_cbor_is_refused() {
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(framed(new byte[] {(byte) 0xFF, 1, 2}))))
                .isInstanceOf(CarReader.CarFormatException.class)
                .hasMessageStartingWith("bad CAR header: ");
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(framed(ascii("hello world")))))
                .isInstanceOf(CarReader.CarFormatException.class)
                .hasMessageStartingWith("bad CAR header: ");
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(framed(new byte[] {0x01}))))
                .hasMessage("bad CAR header: CAR header is not a map");
        byte[] noRoots = concat(new byte[] {(byte) 0xA1, 0x67}, ascii("version"), new byte[] {1});
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(framed(noRoots))))
                .hasMessage("bad CAR header: CAR header has no roots");
    }

    @Test
    void a_header_with_another_version_is_refused() {
        Cid root = Cid.parse(HELLO_RAW);
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(framed(header(root, 3)))))
                .isInstanceOf(CarReader.CarFormatException.class)
                .hasMessage("bad CAR header: unsupported CAR version 3");
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(framed(header(root, 0)))))
                .hasMessage("bad CAR header: unsupported CAR version 0");
    }

    @Test
    void a_carv2_file_is_refused_with_advice() {
        // the CARv2 pragma: a CARv1-style header {version: 2}, followed by the v2 header and payload
        byte[] pragma = concat(new byte[] {0x0a, (byte) 0xA1, 0x67}, ascii("version"), new byte[] {2});
        assertThat(pragma).hasSize(11);
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(concat(pragma, new byte[40]))))
                .isInstanceOf(CarReader.CarFormatException.class)
                .hasMessage("bad CAR header: CARv2 is not supported; convert it to CARv1 first");
    }

    @Test
    void an_absurd_header_length_is_refused_without_reading_it() {
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(Varint.encode(1L << 30))))
                .isInstanceOf(CarReader.CarFormatException.class)
                .hasMessage("CAR header length 1073741824 is not plausible");
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(new byte[] {0})))
                .isInstanceOf(CarReader.CarFormatException.class)
                .hasMessage("CAR header length 0 is not plausible");
        assertThatThrownBy(() -> new CarReader(new ByteArrayInputStream(concat(Varint.encode(100), new byte[10]))))
                .isInstanceOf(EOFException.class)
                .hasMessage("CAR header truncated: expected 100 bytes, got 10");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
