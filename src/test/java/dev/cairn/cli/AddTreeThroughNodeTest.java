package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.Node;
import dev.cairn.NodeSettings;
import dev.cairn.api.ServerOptions;
import dev.cairn.content.Cid;
import dev.cairn.store.Quota;
import dev.cairn.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code add -r} and {@code add -w} while a node runs: the same CIDs and output as without one, the tree pinned whole by the node. */
class AddTreeThroughNodeTest {
    @TempDir
    Path dir;

    private Path tree;

    @BeforeEach
    void tree() throws Exception {
        tree = Files.createDirectories(dir.resolve("album"));
        Files.writeString(tree.resolve("notes.txt"), "liner notes\n");
        Files.createDirectories(tree.resolve("disc 1"));
        TestData.writeRandomFile(tree.resolve("disc 1/track.bin"), 700_000, 3);
        Files.writeString(tree.resolve(".hidden"), "not added without -H\n");
    }

    private InProcessCairn cairn(Path data) {
        return new InProcessCairn(data, Map.of());
    }

    @Test
    void a_tree_added_through_the_node_gets_the_cids_a_stopped_node_would_and_is_pinned_at_its_root() throws Exception {
        var offline = cairn(dir.resolve("offline")).run("add", "-r", tree.toString());
        assertThat(offline.exitCode()).as(offline.stderr()).isZero();
        var offlineWrapped = cairn(dir.resolve("offline-w")).run("add", "-r", "-w", "-q", tree.toString());
        assertThat(offlineWrapped.exitCode()).as(offlineWrapped.stderr()).isZero();

        Path data = dir.resolve("data");
        try (Node node = Node.start(NodeSettings.of(data, ServerOptions.defaults("127.0.0.1", 0), Quota.UNLIMITED))) {
            InProcessCairn cli = cairn(data);
            var single = cli.run("add", "-q", tree.resolve("notes.txt").toString());
            Cid notes = Cid.parse(single.stdout().strip());

            var added = cli.run("add", "-r", tree.toString());
            assertThat(added.exitCode()).as(added.stderr()).isZero();
            assertThat(added.lines()).as("the same lines, children first, as without a node").isEqualTo(offline.lines());
            Cid root = Cid.parse(added.lines().getLast().split(" ")[1]);

            var pins = cli.run("pin", "ls");
            assertThat(pins.lines()).contains(root + " recursive");
            assertThat(pins.lines()).as("the file pinned before keeps its pin").anyMatch(l -> l.startsWith(notes + " "));
            Cid track = Cid.parse(added.lines().stream().filter(l -> l.endsWith("track.bin")).findFirst().orElseThrow().split(" ")[1]);
            assertThat(pins.lines()).as("no pin of its own for a file of the tree").noneMatch(l -> l.startsWith(track + " "));
            assertThat(cli.run("list", "--local").stdout()).contains("track.bin");

            assertThat(cli.run("gc").exitCode()).isZero();
            var verify = cli.run("verify");
            assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
            assertThat(cli.run("ls", root.toString()).lines()).anyMatch(l -> l.endsWith(" notes.txt")).anyMatch(l -> l.endsWith(" disc 1/"));
            var served = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(node.url() + "/ipfs/" + root + "/disc%201/track.bin")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(TestData.sha256Hex(served.body())).isEqualTo(TestData.sha256Hex(tree.resolve("disc 1/track.bin")));

            var wrapped = cli.run("add", "-r", "-w", "-q", tree.toString());
            assertThat(wrapped.exitCode()).as(wrapped.stderr()).isZero();
            assertThat(wrapped.lines()).isEqualTo(offlineWrapped.lines());
            assertThat(cli.run("pin", "ls").lines()).contains(offlineWrapped.lines().getLast() + " recursive");
        }
    }

    @Test
    void a_directory_without_r_is_refused_as_without_a_node() throws Exception {
        Path data = dir.resolve("data");
        try (Node node = Node.start(NodeSettings.of(data, ServerOptions.defaults("127.0.0.1", 0), Quota.UNLIMITED))) {
            var r = cairn(data).run("add", tree.toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("is a directory; use -r");
            assertThat(cairn(data).run("pin", "ls").stdout()).isBlank();
        }
        assertThat(List.of(data.resolve("cairn.db"))).allMatch(Files::exists);
    }
}
