package dev.cairn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code cairn} command run in this JVM, configured as {@link Main} configures it, with
 * output captured and an environment of the test's choosing (no process environment leaks in).
 */
final class InProcessCairn {
    private final Path dataDir;
    private final Map<String, String> env;

    InProcessCairn(Path dataDir, Map<String, String> env) {
        this.dataDir = dataDir;
        this.env = Map.copyOf(env);
    }

    record Result(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }
    }

    Result run(String... args) {
        CairnCommand root = new CairnCommand();
        root.env = env;
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dataDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        CommandLine cli = Main.commandLine(root, all);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(all);
        return new Result(code, out.toString(), err.toString());
    }
}
