package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cairn.config.EffectiveConfig;
import dev.cairn.config.Setting;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cairn config show}: the effective configuration and where each value came from. */
@Command(name = "config", description = "Show the configuration.", subcommands = ConfigCommand.Show.class)
final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (show)");
    }

    @Command(name = "show", description = {
        "Print every config key's effective value and its source (default, a file, env VARIABLE or flag), sorted by key.",
        "Secrets are shown as <hidden>."})
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Option(names = "--json", description = "Print a JSON object: key -> {\"value\": ..., \"source\": ...}.")
        boolean json;

        @CommandLine.Option(names = "--config", paramLabel = "FILE", description = "Also read FILE, as `cairn start --config FILE` would.")
        Path configFile;

        @Override
        public Integer call() throws Exception {
            EffectiveConfig effective = ((CairnCommand) spec.root().userObject()).dataDir.configBuilder().configFile(configFile).load();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                for (Setting<?> s : effective.settings()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("value", s.json());
                    entry.put("source", s.source().toString());
                    doc.put(s.key().name(), entry);
                }
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } else {
                for (Setting<?> s : effective.settings()) out.println(s);
            }
            out.flush();
            return 0;
        }
    }
}
