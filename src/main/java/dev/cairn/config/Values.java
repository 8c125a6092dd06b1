package dev.cairn.config;

import java.util.HashMap;
import java.util.Map;

/** A value for every key, typed by the key; what the sections are built from. */
final class Values {
    private final Map<Key<?>, Object> values;

    Values(Map<Key<?>, Object> values) {
        for (Key<?> k : Keys.ALL) {
            if (!values.containsKey(k)) throw new IllegalArgumentException("no value for " + k);
        }
        this.values = Map.copyOf(values);
    }

    static Values defaults() {
        Map<Key<?>, Object> m = new HashMap<>();
        for (Key<?> k : Keys.ALL) m.put(k, k.defaultValue());
        return new Values(m);
    }

    <T> T get(Key<T> key) {
        return key.cast(values.get(key));
    }
}
