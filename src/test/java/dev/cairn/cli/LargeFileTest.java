package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory stays flat whatever the file size: a 4 GiB file is added and read back with a 128 MiB heap. */
class LargeFileTest {
    static final long SIZE = 4L << 30;

    @TempDir
    Path dir;

    @Test
    void a_4_gib_file_adds_and_reads_back_with_a_128_mib_heap() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        Assumptions.assumeTrue(free > 2 * SIZE + (1L << 30),
                "needs " + (2 * SIZE + (1L << 30)) + " bytes free in " + dir + ", has " + free);
        Path file = TestData.writeRandomFile(dir.resolve("4g.bin"), SIZE, 4);
        Path data = dir.resolve("data");
        List<String> heap = List.of("-Xmx128m");

        CairnProcess.Result add = CairnProcess.run(CairnProcess.builder(heap, data, "add", file.toString()));
        assertThat(add.exitCode()).as(add.stderr()).isZero();
        String[] fields = add.lines().getFirst().split(" ");
        String cid = fields[1];
        String sha256 = fields[2];
        assertThat(sha256).isEqualTo(TestData.sha256Hex(file));

        Process cat = CairnProcess.builder(heap, data, "cat", cid).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (InputStream in = cat.getInputStream()) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; total += n) md.update(buf, 0, n);
        }
        assertThat(cat.waitFor()).isZero();
        assertThat(total).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(sha256);
    }
}
