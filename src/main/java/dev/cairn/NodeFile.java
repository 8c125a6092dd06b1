package dev.cairn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cairn.util.JsonFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code <data-dir>/node.json}: how CLI commands find the running node of a data directory
 * (its PID and API address). Written once the server listens, removed at shutdown; a file
 * left by a killed node is ignored because its PID is no longer alive.
 *
 * <p>Every command that talks to a node reads this file before its first request, so it is read
 * with {@link JsonFields}, which costs a cold start least (see there), and written by the node
 * with Jackson's streaming generator.
 */
public record NodeFile(long pid, String url) {
    /** Made on first use, by the node. */
    private static final class Json {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    public static Path path(Path dataDir) {
        return dataDir.resolve("node.json");
    }

    public void write(Path dataDir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeNumberField("pid", pid);
            g.writeStringField("url", url);
            g.writeEndObject();
        }
        Path tmp = dataDir.resolve("node.json.tmp");
        Files.write(tmp, bytes.toByteArray());
        Files.move(tmp, path(dataDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The node running on {@code dataDir}, if there is one. */
    public static Optional<NodeFile> running(Path dataDir) {
        if (!Files.exists(path(dataDir))) return Optional.empty();
        try {
            return parse(Files.readAllBytes(path(dataDir)))
                    .filter(f -> ProcessHandle.of(f.pid).filter(ProcessHandle::isAlive).isPresent());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The file's pid and url; empty unless it is an object with both, of the right kinds (other fields are skipped). */
    static Optional<NodeFile> parse(byte[] json) throws IOException {
        JsonFields f = JsonFields.parse(json);
        long pid = f.longValue("pid", -1);
        String url = f.string("url", null);
        return pid > 0 && url != null ? Optional.of(new NodeFile(pid, url)) : Optional.empty();
    }

    public static void remove(Path dataDir) {
        try {
            Files.deleteIfExists(path(dataDir));
        } catch (IOException ignored) {
            // a stale file is harmless: its PID is checked before use
        }
    }
}
