package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestData;
import dev.cairn.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data directory on a real, small file system (a 24 MiB tmpfs the test mounts): an add
 * that fills the disk fails with a clear error, and what was there before is intact.
 * Needs root (to mount); skipped with a message otherwise.
 */
class DiskFullTest {
    @TempDir
    Path dir;

    Path mount;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mount = Tmpfs.mount(dir.resolve("small"), "24m");
    }

    @AfterEach
    void unmount() throws Exception {
        Tmpfs.unmount(mount);
    }

    @Test
    void an_add_that_fills_the_disk_fails_clearly_and_loses_nothing() throws Exception {
        Path data = mount.resolve("data");
        Path small = TestData.writeRandomFile(dir.resolve("small.bin"), 4L << 20, 1);
        String kept = CairnProcess.run(data, "add", "-q", small.toString()).lines().getFirst();
        long blocksBefore = countBlocks(data);

        Path big = TestData.writeRandomFile(dir.resolve("big.bin"), 40L << 20, 2);
        CairnProcess.Result add = CairnProcess.run(data, "add", big.toString());

        assertThat(add.exitCode()).isEqualTo(1);
        assertThat(add.stderr().lines().toList()).hasSize(1);
        assertThat(add.stderr()).startsWith("cairn: ").containsIgnoringCase("no space left on device").doesNotContain("\tat ");
        assertThat(countBlocks(data)).isEqualTo(blocksBefore);
        try (Stream<Path> tmp = Files.list(data.resolve("blocks/.tmp"))) {
            assertThat(tmp).isEmpty();
        }
        CairnProcess.Result verify = CairnProcess.run(data, "verify");
        assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
        assertThat(CairnProcess.run(data, "cat", kept).stdoutBytes()).isEqualTo(Files.readAllBytes(small));
        assertThat(CairnProcess.run(data, "pin", "ls").lines()).isEqualTo(List.of(kept + " recursive"));
    }

    private static long countBlocks(Path data) throws Exception {
        try (Stream<Path> s = Files.walk(data.resolve("blocks"), 2)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals(".tmp")).count();
        }
    }
}
