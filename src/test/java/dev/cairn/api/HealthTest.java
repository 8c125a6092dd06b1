package dev.cairn.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testing.Tmpfs;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health answers 503 naming the store when the disk under the data directory is nearly full. */
class HealthTest {
    @TempDir
    Path dir;

    Path mount;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = Tmpfs.mount(dir.resolve("small"), "96m");
    }

    @AfterEach
    void unmount() throws Exception {
        Tmpfs.unmount(mount);
    }

    @Test
    void a_nearly_full_disk_makes_the_node_unhealthy() throws Exception {
        try (TestNode node = TestNode.start(mount.resolve("data"))) {
            assertThat(node.get("/health").statusCode()).isEqualTo(200);
            Path filler = mount.resolve("filler");
            try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
                byte[] mib = new byte[1 << 20];
                long free = Files.getFileStore(mount).getUsableSpace();
                for (long written = 0; written < free - (HealthCheck.MIN_FREE_BYTES / 2); written += mib.length) f.write(mib);
            }
            var r = node.get("/health");
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode body = NodeApiTest.json(r);
            assertThat(body.get("status").asText()).isEqualTo("unavailable");
            assertThat(body.get("components").get("store").get("status").asText()).isEqualTo("down");
            assertThat(body.get("components").get("store").get("detail").asText()).contains("disk almost full");
            assertThat(body.get("components").get("database").get("status").asText()).isEqualTo("ok");
            Files.delete(filler);
            assertThat(node.get("/health").statusCode()).isEqualTo(200);
        }
    }
}
