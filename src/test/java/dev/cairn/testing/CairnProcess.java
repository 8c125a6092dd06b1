package dev.cairn.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code cairn} CLI as a separate OS process, with the JDK and class path of the
 * test run, as a user would run it (own JVM, own exit code, real stdout and stderr).
 */
public final class CairnProcess {
    private CairnProcess() {}

    /** What a finished process left. */
    public record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public List<String> lines() {
            return stdout().lines().toList();
        }
    }

    public static ProcessBuilder builder(List<String> jvmOptions, Path dataDir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED"); // as the jar's manifest grants it, for SQLite's native library
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.cairn.cli.Main");
        if (dataDir != null) {
            cmd.add("--data-dir");
            cmd.add(dataDir.toString());
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        // A user's or CI's CAIRN_* settings must not leak into the command under test.
        env.keySet().removeIf(k -> k.startsWith("CAIRN_") || k.startsWith("DCMX_"));
        return pb;
    }

    public static Result run(Path dataDir, String... args) throws IOException, InterruptedException {
        return run(builder(List.of(), dataDir, args));
    }

    public static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<byte[]>();
        Thread.ofVirtual().start(() -> {
            try {
                err.complete(p.getErrorStream().readAllBytes());
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("cairn " + pb.command() + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
    }
}
