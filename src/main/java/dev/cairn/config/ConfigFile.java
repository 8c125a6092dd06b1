package dev.cairn.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a config YAML file into raw values: sections of snake_case keys ({@code node: {port: 8080}}),
 * or dotted keys at the top level ({@code node.port: 8080}). Unknown keys and keys set twice are refused.
 */
final class ConfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private ConfigFile() {}

    static List<RawValue> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ConfigException(file + " is not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("") + where);
        }
        List<RawValue> out = new ArrayList<>();
        if (root == null || root.isNull() || root.isMissingNode()) return out;
        if (!root.isObject()) throw new ConfigException(file + ": expected sections of keys, such as 'node:' with 'port: 8080' under it");
        walk("", root, Source.file(file), out);
        Set<String> seen = new HashSet<>();
        for (RawValue v : out) {
            if (!seen.add(v.key())) throw new ConfigException(file + ": key '" + v.key() + "' is set twice");
        }
        return out;
    }

    private static void walk(String prefix, JsonNode node, Source source, List<RawValue> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode value = e.getValue();
            if (Keys.byName(name).isPresent()) {
                out.add(new RawValue(name, leaf(name, value, source), source));
            } else if (prefix.isEmpty() && Keys.SECTIONS.contains(name)) {
                if (value.isNull()) continue; // a section with every key commented out
                if (!value.isObject()) throw new ConfigException("'" + name + "' is a section, not a value; put its keys under it (from " + source + ")");
                walk(name, value, source, out);
            } else {
                throw ConfigErrors.unknownKey(name, source);
            }
        }
    }

    private static Object leaf(String name, JsonNode value, Source source) {
        if (value.isNull()) return "";
        if (value.isValueNode()) return value.asText();
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (item.isContainerNode()) throw new ConfigException(name + ": a list item is itself a list or section (from " + source + ")");
                items.add(item.isNull() ? "" : item.asText());
            }
            return items;
        }
        throw new ConfigException(name + ": is a key, not a section; give it a value (from " + source + ")");
    }
}
