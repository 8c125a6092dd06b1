package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each type on its own: what it reads, how it writes the value back, and what it says it allows. */
class ValueTypeTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static void invalid(ValueType<?> type, String text, String problem) {
        assertThatThrownBy(() -> type.parse(text)).as(text).isInstanceOf(InvalidValue.class).hasMessage(problem);
    }

    @Test
    void a_list_of_strings_reads_commas_or_a_yaml_list() {
        ValueType<List<String>> t = ValueType.listOf(ValueType.token());
        assertThat(t.parse("a, b,c")).containsExactly("a", "b", "c");
        assertThat(t.parse("")).isEmpty();
        assertThat(t.parseList(List.of("https://a.example", "b"))).containsExactly("https://a.example", "b");
        invalid(t, "a,,b", "has an empty item");
        assertThatThrownBy(() -> t.parseList(List.of("a b"))).hasMessage("has an item 'a b' that has spaces or commas");
        assertThat(t.format(List.of("a", "b"))).isEqualTo("a,b");
        assertThat(t.yaml(List.of("a", "yes", "x y"))).isEqualTo("[a, \"yes\", \"x y\"]");
        assertThat(t.json(List.of("a"))).isEqualTo(List.of("a"));
        assertThat(t.allowed()).isEqualTo("a list (YAML list, or comma-separated) of a word without spaces or commas");
    }

    @Test
    void scalars_refuse_a_yaml_list() {
        assertThatThrownBy(() -> ValueType.integer(0, 1).parseList(List.of("1"))).hasMessage("is a list, but one value is expected");
    }

    @Test
    void sizes_and_rates() {
        ValueType<Long> size = ValueType.size(0, Long.MAX_VALUE);
        assertThat(size.parse("512MiB")).isEqualTo(512L << 20);
        assertThat(size.parse("1048576")).isEqualTo(1L << 20);
        assertThat(size.format(512L << 20)).isEqualTo("512MiB");
        assertThat(size.json(5L)).isEqualTo(5L);
        invalid(size, "10 parsecs", "is not a size");
        invalid(size, "10MiB/s", "is not a size");
        ValueType<Long> rate = ValueType.rate(0, Long.MAX_VALUE);
        assertThat(rate.parse("10MiB/s")).isEqualTo(10L << 20).isEqualTo(rate.parse("10MiB"));
        assertThat(rate.format(10L << 20)).isEqualTo("10MiB/s");
        assertThat(rate.format(0L)).isEqualTo("0");
        invalid(rate, "10MiB/h", "is not a rate");
        invalid(ValueType.size(1024, 2048), "4KiB", "is out of range");
    }

    @Test
    void durations_integers_booleans_and_enums() {
        ValueType<Duration> d = ValueType.duration(Duration.ZERO, Duration.ofDays(1));
        assertThat(d.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(d.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
        invalid(d, "2d", "is out of range");
        invalid(d, "90", "is not a duration (a unit is needed, e.g. 90s)");
        invalid(ValueType.integer(1, 9), "1.5", "is not an integer");
        invalid(ValueType.integer(1, 9), "10", "is out of range");
        assertThat(ValueType.bool().parse(" TRUE ")).isTrue();
        invalid(ValueType.bool(), "1", "is not true or false");
        ValueType<LogSection.Level> level = ValueType.oneOf(LogSection.Level.class);
        assertThat(level.parse("Warn")).isEqualTo(LogSection.Level.WARN);
        assertThat(level.format(LogSection.Level.WARN)).isEqualTo("warn");
        invalid(level, "warning", "is not one of the allowed values");
    }

    @Test
    void hosts_host_ports_paths_and_secrets() {
        ValueType<String> host = ValueType.host();
        for (String ok : List.of("127.0.0.1", "0.0.0.0", "::", "::1", "fe80::1%eth0", "node.example.org", "my_node", "localhost")) {
            assertThat(host.parse(ok)).isEqualTo(ok);
        }
        assertThat(host.parse("[::1]")).isEqualTo("::1");
        for (String bad : List.of("", "a b", "http://x", "x/y", "-x", "x:80:z]")) invalid(host, bad, "is not a host name or IP address");

        ValueType<HostPort> hp = ValueType.hostPort();
        assertThat(hp.parse("[::1]:4001")).isEqualTo(new HostPort("::1", 4001));
        assertThat(hp.format(new HostPort("::1", 4001))).isEqualTo("[::1]:4001");
        assertThat(hp.format(new HostPort("a.example", 1))).isEqualTo("a.example:1");
        invalid(hp, "a.example", "is not host:port");
        invalid(hp, "a.example:", "is not host:port");
        invalid(hp, ":80", "is not host:port");
        invalid(hp, "a.example:99999", "has a port out of range");
        invalid(hp, "[::1]", "is not host:port");

        ValueType<Optional<Path>> path = ValueType.optionalPath();
        assertThat(path.parse(" ")).isEmpty();
        assertThat(path.resolve(path.parse("a/../b.pem"), Path.of("/base"))).contains(Path.of("/base/b.pem"));
        assertThat(path.json(Optional.empty())).isNull();

        ValueType<Optional<String>> secret = ValueType.optionalSecret(4);
        assertThat(secret.parse("abcd\n")).contains("abcd");
        assertThat(secret.parse("")).isEmpty();
        assertThat(secret.secret()).isTrue();
        invalid(secret, "abc", "is too short");
    }

    @Test
    void yaml_scalars_read_back_as_the_same_string() throws Exception {
        for (String s : List.of("plain", "127.0.0.1", "::1", "[::1]:4001", "", "yes", "No", "null", "~", "123", "1.5", "1e3", "0x1F",
                "a: b", "# not a comment", "quote\"s", "back\\slash", "tab\there", "new\nline", "-", "@x", "a:b", "a:", "/etc/x.pem", "x y", ".inf", "+1")) {
            String yaml = "v: " + ValueType.yamlScalar(s) + "\n";
            Map<?, ?> read = YAML.readValue(yaml, Map.class);
            assertThat(String.valueOf(read.get("v"))).as(yaml).isEqualTo(s);
            assertThat(read.get("v")).as(yaml).isInstanceOf(String.class);
        }
        assertThat(ValueType.yamlScalar("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(ValueType.yamlScalar("")).isEqualTo("\"\"");
    }
}
