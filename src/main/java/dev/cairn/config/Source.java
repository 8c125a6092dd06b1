package dev.cairn.config;

import java.nio.file.Path;

/** Where a value came from: the built-in default, a file, an environment variable or a command-line flag. */
public record Source(Kind kind, String name) {
    public enum Kind { DEFAULT, FILE, ENV, FLAG }

    public static final Source DEFAULT = new Source(Kind.DEFAULT, "default");

    public static Source file(Path file) {
        return new Source(Kind.FILE, file.toString());
    }

    public static Source env(String variable) {
        return new Source(Kind.ENV, variable);
    }

    /** A flag such as {@code --port}; {@code null} when the CLI did not say which flag. */
    public static Source flag(String flag) {
        return new Source(Kind.FLAG, flag);
    }

    /** "default", the file's path, "env CAIRN_NODE_PORT", "flag --port" (or just "flag"). */
    @Override
    public String toString() {
        return switch (kind) {
            case DEFAULT -> "default";
            case FILE -> name;
            case ENV -> "env " + name;
            case FLAG -> name == null ? "flag" : "flag " + name;
        };
    }
}
