package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.util.Sizes;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Follows a node's transfer ({@code GET /api/v1/transfers/{id}}) and, on a terminal, draws one
 * line: bytes done of the total, rate, how many peers sent blocks, ETA; or, for a transfer
 * the node took up again after a restart and that waits for a peer, why it waits.
 */
final class TransferWatch {
    private final NodeClient node;
    private final String id;
    private final String label;
    private final PrintStream err;
    private final Thread drawer;
    private volatile boolean drawing = true;
    private boolean drawn;

    private TransferWatch(NodeClient node, String id, String label, PrintStream err) {
        this.node = node;
        this.id = id;
        this.label = label;
        this.err = err;
        this.drawer = err == null ? null : Thread.ofVirtual().start(this::draw);
    }

    static TransferWatch start(NodeClient node, String id, String label) {
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        return new TransferWatch(node, id, label, terminal ? System.err : null);
    }

    private void draw() {
        while (drawing) {
            try {
                JsonNode t = node.getJson("/api/v1/transfers/" + id);
                long done = t.path("bytes_done").asLong();
                long total = t.path("bytes_total").asLong(-1);
                long rate = t.path("rate_bytes_per_second").asLong();
                int peers = t.path("peers").size();
                String of = total > 0 ? " / " + Sizes.format(total) + String.format(" %3d%%", done * 100 / total) : "";
                String eta = t.has("eta_seconds") ? " ETA " + t.get("eta_seconds").asLong() + "s" : "";
                synchronized (this) {
                    if (!drawing) return;
                    if (t.has("waiting")) {
                        err.printf("\r%s  %s%s  waiting: %s\033[K", label, Sizes.format(done), of, t.get("waiting").asText());
                    } else {
                        err.printf("\r%s  %s%s  %s/s  %d peer%s%s   ", label, Sizes.format(done), of, Sizes.format(rate), peers,
                                peers == 1 ? "" : "s", eta);
                    }
                    drawn = true;
                }
                if (!"running".equals(t.path("state").asText())) return;
                Thread.sleep(250);
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    synchronized void stopDrawing() {
        drawing = false;
        if (drawn) err.print("\r\033[K");
    }

    /** Waits until the transfer is no longer running and returns its last state. */
    JsonNode awaitEnd() throws IOException, InterruptedException {
        while (true) {
            JsonNode t = node.getJson("/api/v1/transfers/" + id);
            if (!"running".equals(t.path("state").asText())) return t;
            Thread.sleep(100);
        }
    }
}
