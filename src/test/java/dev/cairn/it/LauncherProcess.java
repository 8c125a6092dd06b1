package dev.cairn.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged {@code ./cairn} launcher run as a user runs it, from the project directory. */
final class LauncherProcess {
    static final Path PROJECT = Path.of(System.getProperty("user.dir"));

    private LauncherProcess() {}

    record Result(int exitCode, String stdout, String stderr) {}

    static ProcessBuilder builder(Path dataDir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PROJECT.resolve("cairn").toString(), "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CAIRN_") && !k.equals("CAIRN_JAVA_HOME"));
        pb.environment().keySet().removeIf(k -> k.startsWith("DCMX_"));
        return pb;
    }

    static Result run(Path dataDir, String... args) throws IOException, InterruptedException {
        Process p = builder(dataDir, args).start();
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("./cairn " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), out, err.join());
    }
}
