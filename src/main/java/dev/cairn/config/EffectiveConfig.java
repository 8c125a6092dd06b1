package dev.cairn.config;

import java.util.List;
import java.util.NoSuchElementException;

/** The loaded {@link Config} and, for every key, its value and where it came from (for {@code cairn config show}). */
public record EffectiveConfig(Config config, List<Setting<?>> settings) {
    public EffectiveConfig {
        settings = List.copyOf(settings);
    }

    /** The setting of {@code key}, e.g. {@code "node.port"}. */
    public Setting<?> setting(String key) {
        return settings.stream().filter(s -> s.key().name().equals(key)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no key " + key));
    }

    @SuppressWarnings("unchecked")
    public <T> Setting<T> setting(Key<T> key) {
        return (Setting<T>) setting(key.name());
    }

    public Source source(String key) {
        return setting(key).source();
    }
}
