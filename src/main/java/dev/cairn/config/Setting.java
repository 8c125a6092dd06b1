package dev.cairn.config;

/** One key's effective value and where it came from. */
public record Setting<T>(Key<T> key, T value, Source source) {
    /** The value as YAML, a secret hidden: {@code 8080}, {@code 512MiB}, {@code [a:1, b:2]}, {@code ""}. */
    public String display() {
        return key.display(value);
    }

    /** The value for JSON (String, Number, Boolean, List or null), a secret hidden. */
    public Object json() {
        return key.json(value);
    }

    /** {@code node.port = 8080  (env CAIRN_NODE_PORT)}. */
    @Override
    public String toString() {
        return key.name() + " = " + display() + "  (" + source + ")";
    }
}
