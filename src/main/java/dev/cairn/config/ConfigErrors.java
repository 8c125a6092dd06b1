package dev.cairn.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;

/** The messages of {@link ConfigException}s: the key, the value, where it came from and what is allowed. */
final class ConfigErrors {
    private ConfigErrors() {}

    /** {@code node.port: 'x' is not an integer; allowed: an integer from 0 to 65535 (from env CAIRN_NODE_PORT)}. */
    static ConfigException invalid(Key<?> key, RawValue raw, InvalidValue problem) {
        String value = key.secret() ? "<hidden>" : raw.text();
        return new ConfigException(key.name() + ": '" + value + "' " + problem.problem() + "; allowed: " + key.type().allowed()
                + " (from " + raw.source() + ")");
    }

    /** {@code unknown key 'store.max_byte' (from /d/config.yaml); did you mean 'store.max_bytes'? ...}. */
    static ConfigException unknownKey(String name, Source source) {
        StringBuilder m = new StringBuilder("unknown key '").append(name).append("' (from ").append(source).append(")");
        suggestion(name).ifPresent(k -> m.append("; did you mean '").append(k).append("'?"));
        int dot = name.indexOf('.');
        String section = dot < 0 ? "" : name.substring(0, dot);
        if (Keys.SECTIONS.contains(section)) {
            m.append(" Keys in ").append(section).append(": ")
                    .append(Keys.ALL.stream().filter(k -> k.section().equals(section)).map(Key::field).collect(Collectors.joining(", ")));
        } else {
            m.append(" Sections: ").append(String.join(", ", Keys.SECTIONS));
        }
        return new ConfigException(m.toString());
    }

    /** An environment variable that looks like a key (CAIRN_...) but is not one, nor one of the other variables Cairn reads. */
    static ConfigException unknownEnv(String variable) {
        String rest = variable.substring("CAIRN_".length()).toLowerCase(java.util.Locale.ROOT);
        String name = rest.replaceFirst("_", ".");
        StringBuilder m = new StringBuilder("unknown key '").append(name).append("' (from env ").append(variable).append(")");
        closest(variable, Keys.envNames()).ifPresent(v -> m.append("; did you mean ").append(v).append("?"));
        m.append(" CAIRN_<SECTION>_<KEY> variables set config keys; the other CAIRN_ variables Cairn reads are ")
                .append(String.join(", ", ConfigLoader.OTHER_ENV.stream().sorted().toList()));
        return new ConfigException(m.toString());
    }

    /** The key whose field is exactly {@code name} (someone wrote "port" at the top level), else the nearest key or section. */
    private static Optional<String> suggestion(String name) {
        for (Key<?> k : Keys.ALL) {
            if (k.field().equals(name)) return Optional.of(k.name());
        }
        return closest(name, Keys.ALL.stream().map(Key::name).toList()).or(() -> closest(name, Keys.SECTIONS));
    }

    /** The candidate within a few edits of {@code name}, if any. */
    static Optional<String> closest(String name, Collection<String> candidates) {
        record Candidate(String name, int distance) {}
        int limit = Math.max(2, name.length() / 5);
        return candidates.stream()
                .map(c -> new Candidate(c, distance(name, c)))
                .filter(c -> c.distance() <= limit)
                .min(Comparator.comparingInt(Candidate::distance))
                .map(Candidate::name);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
