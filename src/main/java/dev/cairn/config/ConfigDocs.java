package dev.cairn.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Text made from the key registry: the {@code config.yaml} written on first start and the
 * README's table of keys. Run {@code main} to print the table.
 */
public final class ConfigDocs {
    private static final int WIDTH = 100;

    private ConfigDocs() {}

    public static void main(String[] args) {
        System.out.print(markdownTable());
    }

    /** One row per key, in registry order: key, default, environment variables, what is allowed, meaning. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| key | default | env | allowed | meaning |\n|---|---|---|---|---|\n");
        for (Key<?> k : Keys.ALL) {
            out.append("| `").append(k.name()).append("` | ").append(cell(defaultText(k))).append(" | ")
                    .append(k.envNames().stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "))).append(" | ")
                    .append(escape(k.type().allowed())).append(" | ").append(escape(k.description())).append(" |\n");
        }
        return out.toString();
    }

    /**
     * The config.yaml written on first start: every section, and every key commented out at its
     * default with its meaning, what is allowed and its environment variables. Keys left commented
     * out follow the defaults of the Cairn version that runs, and {@code config show} reports them
     * as defaults; uncommenting a line sets the key.
     */
    public static String defaultsYaml() {
        StringBuilder out = new StringBuilder("""
                # Cairn configuration. Every key is listed, commented out at its built-in default:
                # to change one, remove the '# ' before it and edit the value. Keys left commented out
                # follow the defaults of the Cairn version you run.
                #
                # Precedence, lowest first: defaults, this file, --config FILE, environment variables
                # (CAIRN_<SECTION>_<KEY>, e.g. CAIRN_NODE_PORT), command-line flags.
                # `cairn config show` prints every key's effective value and where it came from.
                # Sizes: bytes or units (512MiB, 10GB). Durations: 250ms, 5s, 5m, 1h, 1h30m.
                """);
        String section = null;
        for (Key<?> k : Keys.ALL) {
            if (!k.section().equals(section)) {
                section = k.section();
                out.append('\n').append(section).append(":\n");
            } else {
                out.append('\n');
            }
            for (String line : wrap(k.description())) out.append("  # ").append(line).append('\n');
            for (String line : wrap("Allowed: " + k.type().allowed() + ". Env: " + String.join(", ", k.envNames()) + ".")) {
                out.append("  # ").append(line).append('\n');
            }
            out.append("  # ").append(k.field()).append(": ").append(yamlDefault(k)).append('\n');
        }
        return out.toString();
    }

    private static <T> String yamlDefault(Key<T> k) {
        return k.type().yaml(k.defaultValue());
    }

    private static <T> String defaultText(Key<T> k) {
        return k.type().format(k.defaultValue()).isEmpty() && !(k.defaultValue() instanceof List<?>) ? "none" : "`" + k.display(k.defaultValue()) + "`";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }

    private static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) line.append(' ');
            line.append(word);
        }
        if (!line.isEmpty()) lines.add(line.toString());
        return lines;
    }
}
