package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.Keys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cairn config show}, run in-process with the CLI's error handling (the environment is the test's own). */
class ConfigCommandTest {
    @TempDir
    Path dir;

    record Result(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }
    }

    Path data() throws Exception {
        return Files.createDirectories(dir.resolve("data"));
    }

    Result cairn(String... args) {
        CommandLine cli = new CommandLine(new CairnCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setParameterExceptionHandler(ErrorHandler::usage);
        if (!cli.getSubcommands().containsKey("config")) cli.addSubcommand(new ConfigCommand()); // until CairnCommand lists it
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void show_prints_every_key_sorted_with_value_and_source() throws Exception {
        Path file = Files.writeString(data().resolve("config.yaml"),
                "node:\n  port: 9000\nreplication:\n  cluster_secret: 0123456789abcdef0123\n");
        Result r = cairn("--data-dir", data().toString(), "config", "show");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.lines()).hasSize(Keys.ALL.size()).isSorted()
                .contains("node.port = 9000  (" + file + ")", "api.idle_timeout = 30s  (default)",
                        "replication.cluster_secret = <hidden>  (" + file + ")", "network.bootstrap = []  (default)");
        assertThat(r.stdout()).doesNotContain("0123456789abcdef0123");
    }

    @Test
    void json_gives_typed_values_and_sources() throws Exception {
        Path file = Files.writeString(data().resolve("config.yaml"), "node:\n  port: 9000\nnetwork:\n  bootstrap: [a.example:1]\n");
        Result r = cairn("config", "show", "--json", "--data-dir", data().toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertThat(json.size()).isEqualTo(Keys.ALL.size());
        assertThat(json.get("node.port").get("value").isInt()).isTrue();
        assertThat(json.get("node.port").get("value").asInt()).isEqualTo(9000);
        assertThat(json.get("node.port").get("source").asText()).isEqualTo(file.toString());
        assertThat(json.get("network.bootstrap").get("value").get(0).asText()).isEqualTo("a.example:1");
        assertThat(json.get("api.max_body_bytes").get("value").asLong()).isEqualTo(1L << 30);
        assertThat(json.get("api.idle_timeout").get("value").asText()).isEqualTo("30s");
        assertThat(json.get("metrics.enabled").get("value").isBoolean()).isTrue();
        assertThat(json.get("api.token_file").get("value").isNull()).isTrue();
        assertThat(json.get("log.level").get("source").asText()).isEqualTo("default");
    }

    @Test
    void a_config_file_overrides_the_data_dir_file() throws Exception {
        Files.writeString(data().resolve("config.yaml"), "node:\n  port: 9000\n");
        Path extra = Files.writeString(dir.resolve("extra.yaml"), "node:\n  port: 9100\n");
        Result r = cairn("--data-dir", data().toString(), "config", "show", "--config", extra.toString());
        assertThat(r.lines()).contains("node.port = 9100  (" + extra + ")");
    }

    @Test
    void a_bad_config_is_one_line_naming_key_value_source_and_what_is_allowed() throws Exception {
        Path file = Files.writeString(data().resolve("config.yaml"), "node:\n  port: 70000\n");
        Result r = cairn("--data-dir", data().toString(), "config", "show");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("cairn: config: node.port: '70000' is out of range; allowed: an integer from 0 to 65535 (from "
                + file + ")\n");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void config_without_a_subcommand_is_a_usage_error() {
        Result r = cairn("config");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("missing command (show)");
    }
}
