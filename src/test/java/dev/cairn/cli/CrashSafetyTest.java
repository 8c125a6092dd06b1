package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.content.FileImporter;
import dev.cairn.content.ImportProfile;
import dev.cairn.testing.CairnProcess;
import dev.cairn.testing.TestData;
import java.io.IOException;
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

    /** When to kill: once the add has this many temporary files, or this many blocks in place. */
    record KillPoint(String name, int tempFiles, int placedBlocks) {}

    @Test
    void sigkill_at_any_point_of_an_add_leaves_a_clean_repository() throws Exception {
        Path file = TestData.writeRandomFile(dir.resolve("big.bin"), 300L << 20, 42);
        String expected;
        try (InputStream in = Files.newInputStream(file)) {
            expected = FileImporter.importFile(in, ImportProfile.UNIXFS_V1_2025, b -> {}).cid().toString();
        }
        // 300 blocks: the batch commits (renames) once at 256 MiB and again at the end.
        List<KillPoint> points = List.of(
                new KillPoint("first block being written", 1, 0),
                new KillPoint("writing, before any commit", 64, 0),
                new KillPoint("first commit renaming blocks", 0, 1),
                new KillPoint("first commit half done", 0, 128),
                new KillPoint("after the first commit", 0, 257),
                new KillPoint("final commit or pinning", 0, 290));
        int killedMidWay = 0;
        int n = 0;
        for (KillPoint point : points) {
            Path data = dir.resolve("data" + n++);
            Path blocks = data.resolve("blocks");
            Process add = CairnProcess.builder(List.of(), data, "add", "-q", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            while (add.isAlive() && !(count(blocks.resolve(".tmp"), 1) >= point.tempFiles() && countPlaced(blocks) >= point.placedBlocks())) {
                Thread.onSpinWait();
            }
            boolean wasAlive = add.isAlive();
            add.destroyForcibly(); // SIGKILL on Linux
            add.waitFor(30, TimeUnit.SECONDS);
            if (wasAlive) killedMidWay++;

            CairnProcess.Result verify = CairnProcess.run(data, "verify");
            assertThat(verify.exitCode()).as("verify after kill at '%s': %s%s", point.name(), verify.stdout(), verify.stderr()).isZero();
            assertThat(verify.stdout()).contains("all good");
            assertThat(count(blocks.resolve(".tmp"), 1)).as("temporary files after reopening").isZero();

            CairnProcess.Result again = CairnProcess.run(data, "add", "-q", file.toString());
            assertThat(again.exitCode()).as(again.stderr()).isZero();
            assertThat(again.lines()).as("CID re-added after kill at '%s'", point.name()).containsExactly(expected);
        }
        assertThat(killedMidWay).as("kills that hit a running add").isGreaterThanOrEqualTo(5);
        Path last = dir.resolve("data" + (n - 1));
        assertThat(CairnProcess.run(last, "verify").exitCode()).isZero();
        assertThat(TestData.sha256Hex(CairnProcess.run(last, "cat", expected).stdoutBytes())).isEqualTo(TestData.sha256Hex(file));
    }

    private static long count(Path dir, int depth) {
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(Files::isRegularFile).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // not created yet, or a file vanished while listing
        }
    }

    private static long countPlaced(Path blocks) {
        try (Stream<Path> s = Files.walk(blocks, 2)) {
            return s.filter(p -> p.getParent().getFileName().toString().length() == 2 && Files.isRegularFile(p)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
