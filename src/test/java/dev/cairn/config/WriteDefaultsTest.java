package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config.yaml written on first start. */
class WriteDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void the_written_file_loads_to_the_defaults_and_leaves_them_reported_as_defaults() throws Exception {
        Path data = dir.resolve("new/data");
        assertThat(ConfigLoader.writeDefaults(data)).isTrue();
        Path file = data.resolve("config.yaml");
        String text = Files.readString(file);
        for (Key<?> k : Keys.ALL) {
            assertThat(text).contains("  # " + k.field() + ": ").contains(k.envName());
        }
        assertThat(text).contains("node:\n", "  # port: 8080\n", "  # host: 127.0.0.1\n", "  # discovery_interval: 30s\n",
                "  # write_rate_limit_per_minute: 100\n", "DCMX_PORT");

        EffectiveConfig e = ConfigLoader.builder().dataDir(data).load();
        assertThat(e.config()).isEqualTo(Config.DEFAULTS);
        assertThat(e.settings()).allSatisfy(s -> assertThat(s.source()).isEqualTo(Source.DEFAULT));
    }

    @Test
    void every_key_uncommented_is_valid_yaml_at_the_default() throws Exception {
        Path data = dir.resolve("data");
        ConfigLoader.writeDefaults(data);
        Path file = data.resolve("config.yaml");
        String text = Files.readString(file);
        for (Key<?> k : Keys.ALL) {
            String line = "  # " + k.field() + ": " + yamlDefault(k) + "\n";
            assertThat(text).contains(line);
            text = text.replace(line, line.replace("# ", ""));
        }
        Files.writeString(file, text);

        EffectiveConfig e = ConfigLoader.builder().dataDir(data).load();
        assertThat(e.config()).isEqualTo(Config.DEFAULTS);
        assertThat(e.settings()).allSatisfy(s -> assertThat(s.source()).isEqualTo(Source.file(file)));
    }

    @Test
    void an_existing_file_is_never_overwritten() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path file = Files.writeString(data.resolve("config.yaml"), "node:\n  port: 9000\n");
        assertThat(ConfigLoader.writeDefaults(data)).isFalse();
        assertThat(Files.readString(file)).isEqualTo("node:\n  port: 9000\n");

        Path other = Files.createDirectories(dir.resolve("other"));
        assertThat(ConfigLoader.writeDefaults(other)).isTrue();
        Files.writeString(other.resolve("config.yaml"), "# mine\n");
        assertThat(ConfigLoader.writeDefaults(other)).isFalse();
        assertThat(Files.readString(other.resolve("config.yaml"))).isEqualTo("# mine\n");

        Path dangling = Files.createDirectories(dir.resolve("dangling"));
        Files.createSymbolicLink(dangling.resolve("config.yaml"), dir.resolve("elsewhere.yaml"));
        assertThat(ConfigLoader.writeDefaults(dangling)).isFalse();
        assertThat(dir.resolve("elsewhere.yaml")).doesNotExist();
    }

    @Test
    void the_file_is_private_and_no_temporary_file_is_left() throws Exception {
        Path data = dir.resolve("data");
        ConfigLoader.writeDefaults(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("config.yaml")))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("config.yaml");
        }
    }

    @Test
    void it_matches_what_config_docs_renders_and_an_env_override_still_applies() throws Exception {
        Path data = dir.resolve("data");
        ConfigLoader.writeDefaults(data);
        assertThat(Files.readString(data.resolve("config.yaml"))).isEqualTo(ConfigDocs.defaultsYaml());
        assertThat(ConfigLoader.builder().dataDir(data).env(Map.of("CAIRN_NODE_PORT", "1")).load().config().node().port()).isEqualTo(1);
    }

    private static <T> String yamlDefault(Key<T> k) {
        return k.type().yaml(k.defaultValue());
    }
}
