package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry is the one list of keys: every key is read into {@link Config}, named consistently, and documented. */
class KeysTest {
    /** Texts to try as a non-default value; each key's type takes at least one of them. */
    static final List<String> CANDIDATES = List.of("1", "2", "2000", "false", "true", "json", "debug", "0.0.0.0", "10.0.0.1:4001",
            "/tmp/cairn-test", "2s", "2h", "1KiB", "2MiB", "0123456789abcdef0123");

    @Test
    void every_key_is_read_into_its_section_of_config() {
        for (Key<?> key : Keys.ALL) {
            Object other = otherValue(key);
            Map<Key<?>, Object> values = new HashMap<>();
            for (Key<?> k : Keys.ALL) values.put(k, k.defaultValue());
            values.put(key, other);
            Config changed = Config.from(new Values(values));
            assertThat(changed).as("changing %s changes Config", key).isNotEqualTo(Config.DEFAULTS);
            Object section = Arrays.stream(Config.class.getRecordComponents()).filter(c -> c.getName().equals(key.section())).findFirst()
                    .map(c -> get(c, changed)).orElseThrow();
            Object defaultSection = get(Arrays.stream(Config.class.getRecordComponents())
                    .filter(c -> c.getName().equals(key.section())).findFirst().orElseThrow(), Config.DEFAULTS);
            assertThat(section).as("%s lands in section %s", key, key.section()).isNotEqualTo(defaultSection);
        }
    }

    @Test
    void sections_are_the_components_of_config_and_fields_are_the_components_of_sections() {
        List<String> components = Arrays.stream(Config.class.getRecordComponents()).map(RecordComponent::getName).toList();
        assertThat(Keys.SECTIONS).containsExactlyInAnyOrderElementsOf(components);
        for (RecordComponent c : Config.class.getRecordComponents()) {
            List<String> fields = Arrays.stream(c.getType().getRecordComponents()).map(RecordComponent::getName).toList();
            List<String> keys = Keys.ALL.stream().filter(k -> k.section().equals(c.getName())).map(k -> camel(k.field())).toList();
            assertThat(keys).as("keys of %s", c.getName()).containsExactlyInAnyOrderElementsOf(fields);
        }
    }

    @Test
    void names_and_environment_variables_are_unique_and_documented() {
        assertThat(Keys.ALL.stream().map(Key::name)).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z]+\\.[a-z0-9_]+"));
        List<String> env = Keys.ALL.stream().flatMap(k -> k.envNames().stream()).toList();
        assertThat(env).doesNotHaveDuplicates().doesNotContainAnyElementsOf(ConfigLoader.OTHER_ENV);
        assertThat(Keys.NODE_PORT.envNames()).containsExactly("CAIRN_NODE_PORT", "DCMX_PORT");
        assertThat(Keys.NODE_HOST.envNames()).containsExactly("CAIRN_NODE_HOST", "DCMX_HOST");
        assertThat(Keys.REPLICATION_REPAIR_DELAY.envName()).isEqualTo("CAIRN_REPLICATION_REPAIR_DELAY");
        for (Key<?> k : Keys.ALL) {
            assertThat(k.description()).as(k.name()).isNotBlank().endsWith(".");
            assertThat(k.type().allowed()).as(k.name()).isNotBlank();
            assertThat(Keys.byName(k.name())).contains(k);
        }
        assertThat(Keys.byName("node.nope")).isEmpty();
    }

    @Test
    void every_default_formats_and_parses_back_to_itself() {
        for (Key<?> k : Keys.ALL) roundTrip(k);
    }

    private static <T> void roundTrip(Key<T> k) {
        assertThat(k.type().parse(k.format(k.defaultValue()))).as(k.name()).isEqualTo(k.defaultValue());
    }

    private static Object otherValue(Key<?> key) {
        for (String text : CANDIDATES) {
            try {
                Object v = key.type().parse(text);
                if (!v.equals(key.defaultValue()) && !(v instanceof Optional<?> o && o.isEmpty())) return v;
            } catch (InvalidValue e) {
                // try the next
            }
        }
        throw new AssertionError("no candidate value for " + key);
    }

    private static Object get(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                out.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return out.toString();
    }
}
