package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.content.Block;
import dev.cairn.content.CarReader;
import dev.cairn.content.Cid;
import dev.cairn.content.DagNode;
import dev.cairn.content.FileImporter;
import dev.cairn.content.ImportProfile;
import dev.cairn.content.UnixFsDirectory;
import dev.cairn.store.MemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds DAGs in a real in-memory store and runs requests against a {@link Gateway} over it. */
final class GatewayFixtures {
    /** Small chunks and fan-out so tests get multi-level files from a few KiB. */
    static final ImportProfile SMALL = new ImportProfile("t", 1, true, 1024, 4);

    final MemoryBlockStore store = new MemoryBlockStore();
    final Gateway gateway = new Gateway(store);

    /** Deterministic, chunk-distinct content: byte i = (i * 7 + i / 1024) mod 251. */
    static byte[] bytes(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) ((i * 7L + i / 1024) % 251);
        return out;
    }

    FileImporter.Result file(byte[] data) throws IOException {
        return FileImporter.importFile(new ByteArrayInputStream(data), SMALL, store::put);
    }

    static UnixFsDirectory.Entry entry(String name, DagNode node) {
        return new UnixFsDirectory.Entry(name, node);
    }

    DagNode dir(UnixFsDirectory.Entry... entries) throws IOException {
        return UnixFsDirectory.write(List.of(entries), 1, store::put);
    }

    static Map<String, List<String>> query(String... keyValues) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) q.put(keyValues[i], List.of(keyValues[i + 1]));
        return q;
    }

    GatewayResponse get(String path, String... keyValues) throws IOException {
        return gateway.handle(GatewayRequest.parse("GET", path, query(keyValues), null));
    }

    GatewayResponse head(String path, String... keyValues) throws IOException {
        return gateway.handle(GatewayRequest.parse("HEAD", path, query(keyValues), null));
    }

    static byte[] body(GatewayResponse response) throws IOException {
        assertThat(response.body()).as("response has a body").isNotNull();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        response.body().writeTo(out);
        return out.toByteArray();
    }

    /** A CAR parsed back: its roots and its blocks in order, each verified against its CID by CarReader. */
    record Car(List<Cid> roots, List<Block> blocks) {
        List<Cid> cids() {
            return blocks.stream().map(Block::cid).toList();
        }

        /** A store holding only the CAR's blocks, to prove the CAR alone is enough. */
        MemoryBlockStore asStore() {
            MemoryBlockStore s = new MemoryBlockStore();
            for (Block b : blocks) s.put(b);
            return s;
        }
    }

    static Car parseCar(byte[] bytes) throws IOException {
        CarReader reader = new CarReader(new ByteArrayInputStream(bytes));
        List<Block> blocks = new ArrayList<>();
        for (Block b = reader.next(); b != null; b = reader.next()) blocks.add(b);
        return new Car(reader.roots(), blocks);
    }

    static Car car(GatewayResponse response) throws IOException {
        return parseCar(body(response));
    }
}
