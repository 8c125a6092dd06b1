package dev.cairn.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.util.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Layers configuration: built-in defaults, then {@code config.yaml} in the data directory,
 * then the environment ({@code CAIRN_<SECTION>_<KEY>}). Unknown keys and bad values fail
 * with the key, the value and what is allowed.
 */
public final class ConfigLoader {
    private static final Set<String> KEYS = Set.of("store.max_bytes");

    private ConfigLoader() {}

    public static Config load(Path dataDir, Map<String, String> env) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        Path file = dataDir.resolve("config.yaml");
        if (Files.isRegularFile(file)) readYaml(file, values);
        for (String key : KEYS) {
            String envName = "CAIRN_" + key.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
            if (env.containsKey(envName)) values.put(key, env.get(envName));
        }
        long maxBytes = StoreSection.DEFAULTS.maxBytes();
        String v = values.get("store.max_bytes");
        if (v != null) {
            try {
                maxBytes = Sizes.parse(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("store.max_bytes: '" + v + "' is not a size; use bytes or units such as 512MiB, 10GB (0 = unlimited)");
            }
        }
        return new Config(new StoreSection(maxBytes));
    }

    private static void readYaml(Path file, Map<String, String> values) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isNull() || root.isMissingNode()) return;
        flatten("", root, values, file);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        if (!node.isObject()) throw new ConfigException(file + ": '" + prefix + "' must be a section");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                flatten(key, e.getValue(), out, file);
            } else if (KEYS.contains(key)) {
                out.put(key, e.getValue().asText());
            } else {
                throw new ConfigException(file + ": unknown key '" + key + "'; known keys: " + KEYS);
            }
        }
    }
}
