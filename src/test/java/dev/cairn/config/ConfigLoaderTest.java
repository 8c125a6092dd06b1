package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.config.LogSection.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers, precedence, sources and errors of {@link ConfigLoader}, with real files and explicit environments. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    Path data() throws IOException {
        return Files.createDirectories(dir.resolve("data"));
    }

    Path dataYaml(String yaml) throws IOException {
        return Files.writeString(data().resolve("config.yaml"), yaml);
    }

    Path extraYaml(String yaml) throws IOException {
        return Files.writeString(dir.resolve("extra.yaml"), yaml);
    }

    EffectiveConfig load(Map<String, String> env) throws IOException {
        return ConfigLoader.builder().dataDir(data()).env(env).load();
    }

    EffectiveConfig load(String yaml) throws IOException {
        dataYaml(yaml);
        return load(Map.of());
    }

    ConfigException failure(Map<String, String> env) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(env));
        assertThat(t).isInstanceOf(ConfigException.class);
        return (ConfigException) t;
    }

    ConfigException failure(String yaml) throws IOException {
        dataYaml(yaml);
        return failure(Map.of());
    }

    @Test
    void nothing_given_means_the_defaults_from_the_seeds() throws Exception {
        EffectiveConfig e = ConfigLoader.builder().load();
        assertThat(e.config()).isEqualTo(Config.DEFAULTS);
        assertThat(e.settings()).hasSize(Keys.ALL.size()).allSatisfy(s -> assertThat(s.source()).isEqualTo(Source.DEFAULT));
        Config c = e.config();
        assertThat(c.node()).isEqualTo(new NodeSection("127.0.0.1", 8080));
        assertThat(c.api().writeRateLimitPerMinute()).isEqualTo(100);
        assertThat(c.network().discoveryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.network().maxUploadRate()).isZero();
        assertThat(c.replication().repairDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.replication().clusterSecret()).isEmpty();
        assertThat(c.store().maxBytes()).isZero();
        assertThat(c.log()).isEqualTo(new LogSection(Level.INFO, LogSection.Format.TEXT, true));
        assertThat(c.tls().enabled()).isFalse();
    }

    @Test
    void each_layer_overrides_the_one_below_key_by_key() throws Exception {
        Path dataFile = dataYaml("node:\n  port: 8001\nlog:\n  level: debug\n");
        Path extra = extraYaml("node:\n  port: 8002\nnetwork:\n  max_peers: 7\n");
        Map<String, String> env = Map.of("CAIRN_NODE_PORT", "8003", "CAIRN_SWARM_MAX_STREAMS", "9");

        EffectiveConfig fileOnly = load(Map.of());
        assertThat(fileOnly.config().node().port()).isEqualTo(8001);
        assertThat(fileOnly.source("node.port")).isEqualTo(Source.file(dataFile));

        EffectiveConfig withConfig = ConfigLoader.builder().dataDir(data()).configFile(extra).load();
        assertThat(withConfig.config().node().port()).isEqualTo(8002);
        assertThat(withConfig.source("node.port")).isEqualTo(Source.file(extra));

        EffectiveConfig withEnv = ConfigLoader.builder().dataDir(data()).configFile(extra).env(env).load();
        assertThat(withEnv.config().node().port()).isEqualTo(8003);
        assertThat(withEnv.source("node.port")).isEqualTo(Source.env("CAIRN_NODE_PORT"));

        EffectiveConfig all = ConfigLoader.builder().dataDir(data()).configFile(extra).env(env).flag("node.port", "--port", "8004").load();
        assertThat(all.config().node().port()).isEqualTo(8004);
        assertThat(all.source("node.port")).isEqualTo(Source.flag("--port"));
        // keys set only in a lower layer keep their value and source
        assertThat(all.config().log().level()).isEqualTo(Level.DEBUG);
        assertThat(all.source("log.level")).isEqualTo(Source.file(dataFile));
        assertThat(all.config().network().maxPeers()).isEqualTo(7);
        assertThat(all.source("network.max_peers")).isEqualTo(Source.file(extra));
        assertThat(all.config().swarm().maxStreams()).isEqualTo(9);
        assertThat(all.source("swarm.max_streams")).isEqualTo(Source.env("CAIRN_SWARM_MAX_STREAMS"));
        assertThat(all.source("node.host")).isEqualTo(Source.DEFAULT);
    }

    @Test
    void a_list_in_a_higher_layer_replaces_the_whole_list() throws Exception {
        dataYaml("network:\n  bootstrap: [a.example:1, b.example:2]\n");
        EffectiveConfig e = load(Map.of("CAIRN_NETWORK_BOOTSTRAP", "c.example:3"));
        assertThat(e.config().network().bootstrap()).containsExactly(new HostPort("c.example", 3));
        assertThat(load(Map.of("CAIRN_NETWORK_BOOTSTRAP", "")).config().network().bootstrap()).isEmpty();
    }

    @Test
    void flags_come_typed_by_key_or_as_a_map() throws Exception {
        EffectiveConfig typed = ConfigLoader.builder().flag(Keys.NODE_PORT, "--port", 9000).flag(Keys.NODE_HOST, "--host", null).load();
        assertThat(typed.config().node()).isEqualTo(new NodeSection("127.0.0.1", 9000));
        assertThat(typed.setting(Keys.NODE_PORT).toString()).isEqualTo("node.port = 9000  (flag --port)");

        EffectiveConfig map = ConfigLoader.load(null, null, Map.of(), Map.of("node.host", "0.0.0.0", "store.max_bytes", "1GiB"));
        assertThat(map.config().node().host()).isEqualTo("0.0.0.0");
        assertThat(map.config().store().maxBytes()).isEqualTo(1L << 30);
        assertThat(map.source("node.host")).hasToString("flag");
        assertThat(ConfigLoader.load(null, null, null, null).config()).isEqualTo(Config.DEFAULTS);
    }

    @Test
    void the_seed_names_set_host_port_and_data_dir_below_the_cairn_names() throws Exception {
        EffectiveConfig dcmx = load(Map.of("DCMX_HOST", "0.0.0.0", "DCMX_PORT", "9090"));
        assertThat(dcmx.config().node()).isEqualTo(new NodeSection("0.0.0.0", 9090));
        assertThat(dcmx.source("node.host")).hasToString("env DCMX_HOST");
        assertThat(dcmx.source("node.port")).hasToString("env DCMX_PORT");

        EffectiveConfig both = load(Map.of("DCMX_PORT", "9090", "CAIRN_NODE_PORT", "9191"));
        assertThat(both.config().node().port()).isEqualTo(9191);
        assertThat(both.source("node.port")).hasToString("env CAIRN_NODE_PORT");

        EffectiveConfig flag = ConfigLoader.builder().env(Map.of("DCMX_PORT", "9090")).flag("node.port", "--port", "9292").load();
        assertThat(flag.config().node().port()).isEqualTo(9292);

        assertThat(failure(Map.of("DCMX_PORT", "http")).getMessage())
                .isEqualTo("node.port: 'http' is not an integer; allowed: an integer from 0 to 65535 (from env DCMX_PORT)");
    }

    @Test
    void the_data_dir_comes_from_the_flag_then_cairn_data_dir_then_dcmx_data_dir_then_home() {
        Path flag = Path.of("/f");
        Map<String, String> env = Map.of("CAIRN_DATA_DIR", "/c", "DCMX_DATA_DIR", "/d");
        assertThat(ConfigLoader.resolveDataDir(flag, env)).isEqualTo(flag);
        assertThat(ConfigLoader.resolveDataDir(null, env)).isEqualTo(Path.of("/c"));
        assertThat(ConfigLoader.resolveDataDir(null, Map.of("DCMX_DATA_DIR", "/d"))).isEqualTo(Path.of("/d"));
        assertThat(ConfigLoader.resolveDataDir(null, Map.of("CAIRN_DATA_DIR", " ", "DCMX_DATA_DIR", "/d"))).isEqualTo(Path.of("/d"));
        assertThat(ConfigLoader.resolveDataDir(null, Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".cairn"));
    }

    // ---- unknown keys, from every source ----

    @Test
    void an_unknown_key_in_config_yaml_names_the_key_the_file_and_the_nearest_key() throws Exception {
        Path file = dataYaml("store:\n  max_byte: 1GiB\n");
        assertThat(failure(Map.of()).getMessage()).contains("unknown key 'store.max_byte'", "(from " + file + ")",
                "did you mean 'store.max_bytes'?", "Keys in store: max_bytes");
    }

    @Test
    void an_unknown_section_or_a_key_outside_its_section_is_named() throws Exception {
        assertThat(failure("nod:\n  port: 1\n").getMessage()).contains("unknown key 'nod'", "did you mean 'node'?", "Sections: node, api,");
        assertThat(failure("port: 1\n").getMessage()).contains("unknown key 'port'", "did you mean 'node.port'?");
        assertThat(failure("node:\n  colour: blue\n").getMessage()).contains("unknown key 'node.colour'", "Keys in node: host, port");
    }

    @Test
    void an_unknown_key_in_the_config_flag_file_names_that_file() throws Exception {
        Path extra = extraYaml("network:\n  max_peer: 3\n");
        assertThatThrownBy(() -> ConfigLoader.builder().configFile(extra).load()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'network.max_peer' (from " + extra + "); did you mean 'network.max_peers'?");
    }

    @Test
    void a_cairn_variable_that_is_not_a_key_is_refused_with_the_nearest_name() {
        assertThat(failure(Map.of("CAIRN_NODE_PROT", "1")).getMessage()).contains("unknown key 'node.prot' (from env CAIRN_NODE_PROT)",
                "did you mean CAIRN_NODE_PORT?", "CAIRN_DATA_DIR, CAIRN_DEBUG");
        assertThat(failure(Map.of("CAIRN_STORE_MAXBYTES", "1")).getMessage()).contains("did you mean CAIRN_STORE_MAX_BYTES?");
        assertThat(failure(Map.of("CAIRN_VERBOSE", "1")).getMessage()).contains("unknown key 'verbose' (from env CAIRN_VERBOSE)");
    }

    @Test
    void other_variables_cairn_reads_and_unrelated_ones_are_left_alone() throws Exception {
        Map<String, String> env = Map.of("CAIRN_DATA_DIR", "/x", "CAIRN_DEBUG", "1", "CAIRN_JAVA_HOME", "/jdk", "CAIRN_JAVA_OPTS", "-Xmx1g",
                "CAIRN_JS_DIR", "/js", "CAIRN_REQUIRE_INTEROP", "1", "CAIRN_KEY_PASSWORD", "pw", "DCMX_PRIVATE_KEY", "k", "PATH", "/bin",
                "cairn_node_prot", "1");
        assertThat(load(env).config()).isEqualTo(Config.DEFAULTS);
    }

    @Test
    void an_unknown_flag_key_names_the_flag() {
        assertThatThrownBy(() -> ConfigLoader.builder().flag("node.prot", "--prot", "1").load()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'node.prot' (from flag --prot); did you mean 'node.port'?");
    }

    // ---- bad values: the key, the value, where from, what is allowed ----

    @Test
    void a_bad_size_keeps_the_message_the_cli_test_expects() throws Exception {
        Path file = dataYaml("store:\n  max_bytes: lots\n");
        assertThat(failure(Map.of()).getMessage()).isEqualTo("store.max_bytes: 'lots' is not a size; allowed: bytes, as a number or a size "
                + "such as 512MiB or 10GB (from " + file + ")");
    }

    @Test
    void every_type_reports_what_is_wrong_and_what_is_allowed() {
        record Case(String env, String value, String message) {}
        List<Case> cases = List.of(
                new Case("CAIRN_NODE_HOST", "http://x", "node.host: 'http://x' is not a host name or IP address; allowed: a host name or IP address"),
                new Case("CAIRN_NODE_PORT", "eighty", "node.port: 'eighty' is not an integer; allowed: an integer from 0 to 65535"),
                new Case("CAIRN_NODE_PORT", "70000", "node.port: '70000' is out of range; allowed: an integer from 0 to 65535"),
                new Case("CAIRN_NODE_PORT", "-1", "node.port: '-1' is out of range"),
                new Case("CAIRN_LOG_FILE", "yes", "log.file: 'yes' is not true or false; allowed: true or false"),
                new Case("CAIRN_STORE_MAX_BYTES", "-5", "store.max_bytes: '-5' is not a size"),
                new Case("CAIRN_API_MAX_HEADER_BYTES", "2MiB", "api.max_header_bytes: '2MiB' is out of range; allowed: bytes, as a number or a "
                        + "size such as 512MiB or 10GB, from 1KiB to 1MiB"),
                new Case("CAIRN_API_MAX_BODY_BYTES", "10", "api.max_body_bytes: '10' is out of range; allowed: bytes, as a number or a size "
                        + "such as 512MiB or 10GB, at least 1KiB"),
                new Case("CAIRN_NETWORK_MAX_UPLOAD_RATE", "fast", "network.max_upload_rate: 'fast' is not a rate; allowed: bytes per second"),
                new Case("CAIRN_NETWORK_DISCOVERY_INTERVAL", "30", "network.discovery_interval: '30' is not a duration (a unit is needed, "
                        + "e.g. 30s); allowed: a duration such as 250ms, 5s, 5m, 1h or 1h30m, from 1s to 1d"),
                new Case("CAIRN_NETWORK_DISCOVERY_INTERVAL", "soon", "network.discovery_interval: 'soon' is not a duration;"),
                new Case("CAIRN_API_IDLE_TIMEOUT", "2h", "api.idle_timeout: '2h' is out of range; allowed: a duration such as 250ms, 5s, 5m, "
                        + "1h or 1h30m, from 1s to 1h"),
                new Case("CAIRN_LOG_FORMAT", "xml", "log.format: 'xml' is not one of the allowed values; allowed: one of text, json"),
                new Case("CAIRN_LOG_LEVEL", "verbose", "allowed: one of trace, debug, info, warn, error"),
                new Case("CAIRN_NETWORK_BOOTSTRAP", "a.example:1,b.example", "network.bootstrap: 'a.example:1,b.example' has an item "
                        + "'b.example' that is not host:port; allowed: a list (YAML list, or comma-separated) of host:port"),
                new Case("CAIRN_NETWORK_BOOTSTRAP", "a.example:0", "has an item 'a.example:0' that has a port out of range"),
                new Case("CAIRN_NETWORK_BOOTSTRAP", "a.example:1,,b.example:2", "has an empty item"),
                new Case("CAIRN_NETWORK_BOOTSTRAP", "::1:4001", "has an item '::1:4001' that is not host:port"),
                new Case("CAIRN_SWARM_MIN_STREAMS", "0", "swarm.min_streams: '0' is out of range; allowed: an integer from 1 to 1024"));
        for (Case c : cases) {
            assertThat(failure(Map.of(c.env(), c.value())).getMessage()).as(c.env() + "=" + c.value())
                    .contains(c.message())
                    .endsWith("(from env " + c.env() + ")");
        }
    }

    @Test
    void every_type_reads_its_forms() throws Exception {
        Map<String, String> env = Map.ofEntries(
                Map.entry("CAIRN_NODE_HOST", "[::1]"),
                Map.entry("CAIRN_NODE_PORT", " 0 "),
                Map.entry("CAIRN_API_MAX_BODY_BYTES", "10GB"),
                Map.entry("CAIRN_API_MAX_HEADER_BYTES", "16384"),
                Map.entry("CAIRN_API_IDLE_TIMEOUT", "1m30s"),
                Map.entry("CAIRN_LOG_LEVEL", "DEBUG"),
                Map.entry("CAIRN_LOG_FORMAT", "json"),
                Map.entry("CAIRN_LOG_FILE", "False"),
                Map.entry("CAIRN_NETWORK_BOOTSTRAP", "10.0.0.2:8080, node.example.org:8081,[2001:db8::1]:8082"),
                Map.entry("CAIRN_NETWORK_MAX_UPLOAD_RATE", "10MiB/s"),
                Map.entry("CAIRN_NETWORK_MAX_DOWNLOAD_RATE", "512KiB"),
                Map.entry("CAIRN_REPLICATION_REPAIR_DELAY", "250ms"),
                Map.entry("CAIRN_METRICS_ENABLED", "false"));
        Config c = load(env).config();
        assertThat(c.node()).isEqualTo(new NodeSection("::1", 0));
        assertThat(c.api().maxBodyBytes()).isEqualTo(10_000_000_000L);
        assertThat(c.api().maxHeaderBytes()).isEqualTo(16384);
        assertThat(c.api().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.log()).isEqualTo(new LogSection(Level.DEBUG, LogSection.Format.JSON, false));
        assertThat(c.network().bootstrap()).containsExactly(new HostPort("10.0.0.2", 8080), new HostPort("node.example.org", 8081),
                new HostPort("2001:db8::1", 8082));
        assertThat(c.network().maxUploadRate()).isEqualTo(10L << 20);
        assertThat(c.network().maxDownloadRate()).isEqualTo(512L << 10);
        assertThat(c.replication().repairDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.metrics().enabled()).isFalse();
    }

    @Test
    void yaml_gives_lists_as_lists_and_scalars_of_any_yaml_type() throws Exception {
        Config c = load("""
                node:
                  host: 0.0.0.0
                  port: "9000"
                network:
                  bootstrap:
                    - a.example:4001
                    - "[::1]:4002"
                  max_peers: 12
                log:
                  file: false
                store.max_bytes: 20GiB
                """).config();
        assertThat(c.node()).isEqualTo(new NodeSection("0.0.0.0", 9000));
        assertThat(c.network().bootstrap()).containsExactly(new HostPort("a.example", 4001), new HostPort("::1", 4002));
        assertThat(c.network().maxPeers()).isEqualTo(12);
        assertThat(c.log().file()).isFalse();
        assertThat(c.store().maxBytes()).isEqualTo(20L << 30);
        assertThat(load("network:\n  bootstrap: a.example:1,b.example:2\n").config().network().bootstrap()).hasSize(2);
    }

    @Test
    void badly_shaped_yaml_is_refused_with_the_file_and_key() throws Exception {
        assertThat(failure("node: 5\n").getMessage()).contains("'node' is a section, not a value");
        assertThat(failure("node:\n  port:\n    number: 5\n").getMessage()).contains("node.port: is a key, not a section");
        assertThat(failure("node:\n  port: [1, 2]\n").getMessage()).contains("node.port: '[1, 2]' is a list, but one value is expected");
        assertThat(failure("network:\n  bootstrap: [[a.example:1]]\n").getMessage()).contains("network.bootstrap: a list item is itself a list");
        assertThat(failure("node:\n  port: 1\n  port: 2\n").getMessage()).contains("is not valid YAML", "Duplicate field 'port'", "line 3");
        assertThat(failure("node:\n  port: 1\nnode.port: 2\n").getMessage()).contains("key 'node.port' is set twice");
        assertThat(failure("node: [\n").getMessage()).contains("is not valid YAML");
        assertThat(failure("- a\n- b\n").getMessage()).contains("expected sections of keys");
        assertThat(failure("node:\n  port:\n").getMessage()).contains("node.port: '' is not an integer");
    }

    @Test
    void an_empty_file_or_empty_sections_mean_defaults() throws Exception {
        assertThat(load("").config()).isEqualTo(Config.DEFAULTS);
        assertThat(load("# nothing\nnode:\n  # port: 1\napi:\n").config()).isEqualTo(Config.DEFAULTS);
    }

    @Test
    void a_missing_config_flag_file_is_an_error_but_a_missing_data_dir_file_is_not() throws Exception {
        assertThat(load(Map.of()).config()).isEqualTo(Config.DEFAULTS);
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.builder().configFile(missing).load()).isInstanceOf(ConfigException.class)
                .hasMessage("--config " + missing + ": no such file");
        assertThatThrownBy(() -> ConfigLoader.builder().configFile(dir).load()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void relative_paths_resolve_against_their_file_or_the_working_directory() throws Exception {
        dataYaml("tls:\n  cert_file: certs/node.crt\n  key_file: /etc/cairn/node.key\napi:\n  token_file: ../token\n");
        Config fromFile = load(Map.of()).config();
        assertThat(fromFile.tls().certFile()).contains(data().toAbsolutePath().resolve("certs/node.crt"));
        assertThat(fromFile.tls().keyFile()).contains(Path.of("/etc/cairn/node.key"));
        assertThat(fromFile.tls().enabled()).isTrue();
        assertThat(fromFile.api().tokenFile()).contains(dir.toAbsolutePath().resolve("token"));

        Config fromEnv = load(Map.of("CAIRN_API_TOKEN_FILE", "tok")).config();
        assertThat(fromEnv.api().tokenFile()).contains(Path.of("").toAbsolutePath().resolve("tok"));
        assertThat(load(Map.of("CAIRN_API_TOKEN_FILE", "")).config().api().tokenFile()).isEmpty();
    }

    @Test
    void a_secret_is_never_printed() throws Exception {
        String secret = "0123456789abcdef0123";
        EffectiveConfig e = load(Map.of("CAIRN_REPLICATION_CLUSTER_SECRET", secret));
        assertThat(e.config().replication().clusterSecret()).contains(secret);
        assertThat(e.setting(Keys.REPLICATION_CLUSTER_SECRET).toString())
                .isEqualTo("replication.cluster_secret = <hidden>  (env CAIRN_REPLICATION_CLUSTER_SECRET)");
        assertThat(e.setting(Keys.REPLICATION_CLUSTER_SECRET).json()).isEqualTo("<hidden>");
        assertThat(e.config().toString()).doesNotContain(secret);

        String message = failure(Map.of("CAIRN_REPLICATION_CLUSTER_SECRET", "short-secret")).getMessage();
        assertThat(message).doesNotContain("short-secret")
                .startsWith("replication.cluster_secret: '<hidden>' is too short; allowed: empty for none, or a secret of at least 16 characters");
    }

    @Test
    void rules_across_keys_name_both_keys_their_values_and_sources() throws Exception {
        Path file = dataYaml("swarm:\n  min_streams: 64\n");
        assertThat(failure(Map.of()).getMessage()).isEqualTo("swarm.min_streams must not be more than swarm.max_streams: "
                + "swarm.min_streams = 64 (from " + file + "), swarm.max_streams = 32 (from default)");
        assertThat(load(Map.of("CAIRN_SWARM_MAX_STREAMS", "64")).config().swarm()).isEqualTo(new SwarmSection(64, 64, true));

        dataYaml("");
        assertThat(failure(Map.of("CAIRN_TLS_CERT_FILE", "/c.pem")).getMessage()).startsWith(
                "tls.cert_file and tls.key_file must be set together: tls.cert_file = /c.pem (from env CAIRN_TLS_CERT_FILE), "
                        + "tls.key_file = \"\" (from default)");
    }

    @Test
    void the_effective_config_lists_every_key_sorted_with_its_source() throws Exception {
        Path file = dataYaml("node:\n  port: 8001\n");
        EffectiveConfig e = load(Map.of("CAIRN_LOG_LEVEL", "warn"));
        List<String> names = e.settings().stream().map(s -> s.key().name()).toList();
        assertThat(names).isSorted().hasSize(Keys.ALL.size()).doesNotHaveDuplicates();
        assertThat(e.setting("node.port")).hasToString("node.port = 8001  (" + file + ")");
        assertThat(e.setting("log.level")).hasToString("log.level = warn  (env CAIRN_LOG_LEVEL)");
        assertThat(e.setting("api.idle_timeout")).hasToString("api.idle_timeout = 30s  (default)");
        assertThat(e.setting("network.bootstrap")).hasToString("network.bootstrap = []  (default)");
        assertThat(e.setting(Keys.API_TOKEN_FILE).value()).isEqualTo(Optional.empty());
    }
}
