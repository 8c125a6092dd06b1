package dev.cairn.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Deterministic test content and small helpers shared by the content tests. */
final class TestContent {
    static final byte[] HELLO = "hello world\n".getBytes(StandardCharsets.US_ASCII);
    static final HexFormat HEX = HexFormat.of();

    /** A sink for CID-only checks: blocks are made, hashed and dropped. */
    static final BlockSink DISCARD = block -> {};

    private TestContent() {}

    /** byte[i] = i % 251, as make_fixtures.sh defines mod251_1MiB.bin. */
    static byte[] mod251(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) (i % 251);
        return out;
    }

    static String sha256Hex(byte[] data) {
        return HEX.formatHex(Multihash.newSha256().digest(data));
    }

    /**
     * The shared reference fixtures, ../shared/fixtures from the project root. Fails (rather
     * than skips) when they are missing: the reference CIDs are the point of these tests.
     */
    static Path fixturesDir() {
        Path dir = Path.of(System.getProperty("user.dir")).resolve("../shared/fixtures").normalize();
        assertThat(dir.resolve("ref_cids.txt"))
                .as("reference fixtures must be at ../shared/fixtures relative to the project root (%s)", dir)
                .isRegularFile();
        return dir;
    }

    /** A real block source that records every CID asked of it, in order. */
    static final class CountingSource implements BlockSource {
        private final BlockSource inner;
        // read-ahead fetches from several threads
        final List<Cid> fetched = new CopyOnWriteArrayList<>();

        CountingSource(BlockSource inner) {
            this.inner = inner;
        }

        @Override
        public byte[] get(Cid cid) throws IOException {
            fetched.add(cid);
            return inner.get(cid);
        }
    }
}
