package dev.cairn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <data-dir>/node.json}: how CLI commands find the running node of a data directory
 * (its PID and API address). Written once the server listens, removed at shutdown; a file
 * left by a killed node is ignored because its PID is no longer alive.
 */
public record NodeFile(long pid, String url) {
    /** Made on first use: every CLI command asks whether a node runs, and usually none does. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    public static Path path(Path dataDir) {
        return dataDir.resolve("node.json");
    }

    public void write(Path dataDir) throws IOException {
        Path tmp = dataDir.resolve("node.json.tmp");
        Files.write(tmp, Json.MAPPER.writeValueAsBytes(Map.of("pid", pid, "url", url)));
        Files.move(tmp, path(dataDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The node running on {@code dataDir}, if there is one. */
    public static Optional<NodeFile> running(Path dataDir) {
        if (!Files.exists(path(dataDir))) return Optional.empty();
        try {
            JsonNode n = Json.MAPPER.readTree(path(dataDir).toFile());
            NodeFile f = new NodeFile(n.get("pid").asLong(), n.get("url").asText());
            return ProcessHandle.of(f.pid).filter(ProcessHandle::isAlive).map(p -> f);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static void remove(Path dataDir) {
        try {
            Files.deleteIfExists(path(dataDir));
        } catch (IOException ignored) {
            // a stale file is harmless: its PID is checked before use
        }
    }
}
