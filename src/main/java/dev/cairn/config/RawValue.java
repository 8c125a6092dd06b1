package dev.cairn.config;

import java.util.List;

/** A value as a layer gave it, before parsing: a String, or a List of Strings (a YAML list). */
record RawValue(String key, Object raw, Source source) {
    RawValue {
        if (!(raw instanceof String) && !(raw instanceof List<?>)) throw new IllegalArgumentException("raw value must be a String or a List");
    }

    /** As the user wrote it, for error messages. */
    String text() {
        return raw instanceof List<?> l ? l.toString() : (String) raw;
    }
}
