package dev.cairn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * <p>Read and written with Jackson's streaming parser and generator, not an
 * {@code ObjectMapper}: every command that talks to a node reads this file before its first
 * request, and setting up a mapper (its date formats load the locale data) took about 0.07 s
 * of that command's cold start, before the node heard of it.
 */
public record NodeFile(long pid, String url) {
    /** Made on first use: every CLI command asks whether a node runs, and usually none does. */
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

    /** The file's pid and url; empty unless it is an object with both (other fields are skipped). */
    static Optional<NodeFile> parse(byte[] json) throws IOException {
        long pid = -1;
        String url = null;
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("pid") && value == JsonToken.VALUE_NUMBER_INT) pid = p.getLongValue();
                else if (name.equals("url") && value == JsonToken.VALUE_STRING) url = p.getText();
                else p.skipChildren();
            }
        }
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
