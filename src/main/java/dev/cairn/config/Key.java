package dev.cairn.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One configuration key: its name ({@code section.key}, snake_case), type, default, and what it
 * means. The environment variable is derived from the name ({@code CAIRN_SECTION_KEY}); a few
 * keys also answer to an older name (the seed's {@code DCMX_HOST}, {@code DCMX_PORT}).
 * Every key is declared once, in {@link Keys}.
 */
public final class Key<T> {
    private static final Pattern NAME = Pattern.compile("[a-z]+\\.[a-z][a-z0-9_]*[a-z0-9]");

    private final String name;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String description;
    private final List<String> envAliases;

    Key(String name, ValueType<T> type, T defaultValue, String description, List<String> envAliases) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("key name not section.snake_case: " + name);
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.envAliases = List.copyOf(envAliases);
        T reread;
        try {
            reread = type.parse(type.format(defaultValue));
        } catch (InvalidValue e) {
            throw new IllegalArgumentException(name + ": default '" + type.format(defaultValue) + "' " + e.problem());
        }
        if (!reread.equals(defaultValue)) throw new IllegalArgumentException(name + ": default does not survive format and parse");
    }

    /** {@code section.key}, e.g. {@code node.port}. */
    public String name() {
        return name;
    }

    /** The part before the dot: {@code node}. */
    public String section() {
        return name.substring(0, name.indexOf('.'));
    }

    /** The part after the dot: {@code port}. */
    public String field() {
        return name.substring(name.indexOf('.') + 1);
    }

    public ValueType<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** {@code CAIRN_NODE_PORT} for {@code node.port}. */
    public String envName() {
        return "CAIRN_" + name.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** Older names read as well, with lower precedence than {@link #envName()}. */
    public List<String> envAliases() {
        return envAliases;
    }

    /** {@link #envName()} then the aliases. */
    public List<String> envNames() {
        List<String> all = new ArrayList<>();
        all.add(envName());
        all.addAll(envAliases);
        return List.copyOf(all);
    }

    /** The value as the environment or a flag would give it. */
    public String format(T value) {
        return type.format(value);
    }

    /** The value as YAML, {@code <hidden>} for a secret that is set. */
    public String display(T value) {
        if (type.secret() && !type.format(value).isEmpty()) return "<hidden>";
        return type.yaml(value);
    }

    /** The value for JSON output (String, Number, Boolean, List or null); a secret that is set is {@code "<hidden>"}. */
    public Object json(T value) {
        if (type.secret() && !type.format(value).isEmpty()) return "<hidden>";
        return type.json(value);
    }

    public boolean secret() {
        return type.secret();
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
        return (T) value;
    }

    @Override
    public String toString() {
        return name;
    }
}
