package dev.cairn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FileImporter behaviour beyond the reference CIDs: streaming, sizes, what it hands the sink. */
class FileImporterTest {
    private static final ImportProfile FAN3 = new ImportProfile("fan3", 1, true, 1024, 3);

    /** Delivers at most {@code max} bytes per read, like a pipe or a slow socket. */
    private static InputStream trickle(byte[] content, int max) {
        return new FilterInputStream(new ByteArrayInputStream(content)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, max));
            }
        };
    }

    @Test
    void chunking_does_not_depend_on_how_the_stream_delivers_bytes() throws IOException {
        byte[] content = Sha256CtrStream.bytes(10_000);
        Cid whole = FileImporter.importFile(new ByteArrayInputStream(content), FAN3, TestContent.DISCARD).cid();
        Cid trickled = FileImporter.importFile(trickle(content, 100), FAN3, TestContent.DISCARD).cid();
        Cid oneByte = FileImporter.importFile(trickle(content, 1), FAN3, TestContent.DISCARD).cid();
        assertThat(trickled).isEqualTo(whole);
        assertThat(oneByte).isEqualTo(whole);
    }

    @Test
    void the_root_tsize_is_the_size_of_every_block_and_the_sink_gets_each_once() throws IOException {
        for (ImportProfile profile : List.of(FAN3, new ImportProfile("v0", 0, false, 1000, 4))) {
            byte[] content = Sha256CtrStream.bytes(30_000);
            List<Block> blocks = new ArrayList<>();
            FileImporter.Result result = FileImporter.importFile(new ByteArrayInputStream(content), profile, blocks::add);
            assertThat(blocks).extracting(Block::cid).doesNotHaveDuplicates();
            assertThat(blocks.getLast().cid()).as("the root comes last").isEqualTo(result.cid());
            assertThat(result.root().tsize()).isEqualTo(blocks.stream().mapToLong(Block::size).sum());
            assertThat(result.root().contentSize()).isEqualTo(30_000);
            for (Block b : blocks) assertThat(b.cid().multihash().matches(b.data())).isTrue();
            assertThat(blocks).allSatisfy(b -> assertThat(b.cid().version()).isEqualTo(profile.cidVersion()));
        }
    }

    @Test
    void progress_reports_the_running_byte_count_after_each_chunk() throws IOException {
        List<Long> progress = new ArrayList<>();
        FileImporter.importFile(new ByteArrayInputStream(new byte[2500]), FAN3, TestContent.DISCARD, progress::add);
        assertThat(progress).containsExactly(1024L, 2048L, 2500L);
        progress.clear();
        FileImporter.importFile(new ByteArrayInputStream(new byte[2048]), FAN3, TestContent.DISCARD, progress::add);
        assertThat(progress).as("a size that is a multiple of the chunk size").containsExactly(1024L, 2048L);
    }

    @Test
    void a_file_of_exactly_max_links_chunks_has_one_parent_and_one_more_chunk_adds_a_level() throws IOException {
        Map<Cid, byte[]> store = new HashMap<>();
        BlockSink sink = b -> store.put(b.cid(), b.data());
        Cid three = FileImporter.importFile(new ByteArrayInputStream(Sha256CtrStream.bytes(3 * 1024)), FAN3, sink).cid();
        assertThat(DagPb.decode(store.get(three)).links()).extracting(l -> l.cid().codec()).containsOnly(Codec.RAW).hasSize(3);
        Cid four = FileImporter.importFile(new ByteArrayInputStream(Sha256CtrStream.bytes(3 * 1024 + 1)), FAN3, sink).cid();
        List<PbLink> top = DagPb.decode(store.get(four)).links();
        assertThat(top).hasSize(2);
        assertThat(top.get(0).cid()).isEqualTo(three);
        // the lone last chunk still gets its own parent (balanced layout, as in js and go)
        List<PbLink> second = DagPb.decode(store.get(top.get(1).cid())).links();
        assertThat(second).hasSize(1);
        assertThat(UnixFs.decode(DagPb.decode(store.get(top.get(1).cid())).data()).blockSizes()).containsExactly(1L);
    }

    @Test
    void a_failing_stream_or_sink_fails_the_import() {
        InputStream broken = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 1500) throw new IOException("disk on fire");
                return 0;
            }
        };
        assertThatThrownBy(() -> FileImporter.importFile(broken, FAN3, TestContent.DISCARD)).hasMessage("disk on fire");
        BlockSink full = b -> {
            throw new IOException("no space left");
        };
        assertThatThrownBy(() -> FileImporter.importFile(new ByteArrayInputStream(new byte[10]), FAN3, full))
                .hasMessage("no space left");
    }
}
