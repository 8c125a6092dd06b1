package dev.cairn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node.json: how a command finds the node running on its data directory, and ignores what is not one. */
class NodeFileTest {
    @TempDir
    Path dir;

    @Test
    void a_written_file_names_this_process_and_its_url() throws Exception {
        long self = ProcessHandle.current().pid();
        new NodeFile(self, "http://127.0.0.1:4001").write(dir);
        assertThat(NodeFile.running(dir)).contains(new NodeFile(self, "http://127.0.0.1:4001"));
        NodeFile.remove(dir);
        assertThat(NodeFile.running(dir)).isEmpty();
    }

    @Test
    void a_file_left_by_a_dead_process_is_ignored() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        new NodeFile(gone.pid(), "http://127.0.0.1:4001").write(dir);
        assertThat(NodeFile.running(dir)).isEmpty();
    }

    @Test
    void damaged_or_foreign_files_are_no_node_and_unknown_fields_are_skipped() throws Exception {
        long self = ProcessHandle.current().pid();
        for (String bad : new String[] {"", "{", "[1,2]", "{\"pid\":\"1\",\"url\":\"x\"}", "{\"pid\":" + self + "}",
                "{\"url\":\"http://127.0.0.1:1\"}", "{\"pid\":" + self + ",\"url\":7}", "not json"}) {
            Files.writeString(NodeFile.path(dir), bad);
            assertThat(NodeFile.running(dir)).as(bad).isEmpty();
        }
        Files.writeString(NodeFile.path(dir), "{\"version\":{\"a\":[1,2]},\"pid\":" + self + ",\"url\":\"http://127.0.0.1:9\",\"x\":null}",
                StandardCharsets.UTF_8);
        assertThat(NodeFile.running(dir)).contains(new NodeFile(self, "http://127.0.0.1:9"));
    }
}
