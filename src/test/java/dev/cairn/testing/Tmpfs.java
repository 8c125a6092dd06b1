package dev.cairn.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * A small real file system for tests of a full disk: a tmpfs mounted at a folder of the test's
 * own. Needs root; the calling test is skipped, with the reason, where mounting is refused.
 */
public final class Tmpfs {
    private Tmpfs() {}

    public static Path mount(Path at, String size) throws Exception {
        Files.createDirectories(at);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + out.strip());
        return at;
    }

    public static void unmount(Path at) throws Exception {
        if (at != null) new ProcessBuilder("umount", at.toString()).inheritIO().start().waitFor();
    }
}
