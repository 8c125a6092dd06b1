package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.content.FileImporter;
import dev.cairn.content.ImportProfile;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a running {@code cairn add} at several moments: while blocks are written, while
 * they are renamed into place, near the end. After each, the repository must open, verify
 * clean, hold no temporary files, and a new add must give the right CID.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void sigkill_at_any_point_of_an_add_leaves_a_clean_repository() throws Exception {
        Path file = TestData.writeRandomFile(dir.resolve("big.bin"), 300L << 20, 42);
        String expected;
        try (InputStream in = Files.newInputStream(file)) {
            expected = FileImporter.importFile(in, ImportProfile.UNIXFS_V1_2025, b -> {}).cid().toString();
        }
        Path data = dir.resolve("data");
        Path blocks = data.resolve("blocks");

        // Moments after the add starts writing, in milliseconds; -1 means "as soon as the first
        // block file is renamed into a shard", i.e. during a commit.
        List<Long> killPoints = List.of(50L, 250L, -1L, 600L, 1200L, 2000L);
        int killedMidWay = 0;
        for (long at : killPoints) {
            Process add = CairnProcess.builder(List.of(), data, "add", "-q", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            awaitWriting(add, blocks.resolve(".tmp"));
            if (at < 0) {
                while (add.isAlive() && countBlocks(blocks) == 0) Thread.onSpinWait();
            } else {
                Thread.sleep(at);
            }
            boolean wasAlive = add.isAlive();
            add.destroyForcibly(); // SIGKILL on Linux
            add.waitFor(30, TimeUnit.SECONDS);
            if (wasAlive) killedMidWay++;

            CairnProcess.Result verify = CairnProcess.run(data, "verify");
            assertThat(verify.exitCode()).as("verify after kill at %d ms: %s%s", at, verify.stdout(), verify.stderr()).isZero();
            assertThat(verify.stdout()).contains("all good");
            try (Stream<Path> tmp = Files.list(blocks.resolve(".tmp"))) {
                assertThat(tmp).as("temporary files after reopening").isEmpty();
            }
        }
        assertThat(killedMidWay).as("kills that hit a running add").isGreaterThanOrEqualTo(4);

        CairnProcess.Result again = CairnProcess.run(data, "add", "-q", file.toString());
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.lines()).containsExactly(expected);
        assertThat(CairnProcess.run(data, "verify").exitCode()).isZero();
        assertThat(TestData.sha256Hex(CairnProcess.run(data, "cat", expected).stdoutBytes())).isEqualTo(TestData.sha256Hex(file));
    }

    private static void awaitWriting(Process p, Path tmp) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.isDirectory(tmp)) {
                try (Stream<Path> s = Files.list(tmp)) {
                    if (s.findAny().isPresent()) return;
                }
            }
            Thread.sleep(2);
        }
    }

    private static long countBlocks(Path blocks) throws Exception {
        try (Stream<Path> s = Files.walk(blocks, 2)) {
            return s.filter(p -> p.getParent().getFileName().toString().length() == 2 && Files.isRegularFile(p)).count();
        } catch (java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
