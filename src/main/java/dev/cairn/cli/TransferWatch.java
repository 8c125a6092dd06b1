package dev.cairn.cli;

import dev.cairn.util.JsonFields;
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
    /** How long one question waits for the end; a transfer still running then is asked about again. */
    private static final int WAIT_SECONDS = 20;
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
                JsonFields t = node.getFields("/api/v1/transfers/" + id);
                long done = t.longValue("bytes_done", 0);
                long total = t.longValue("bytes_total", -1);
                long rate = t.longValue("rate_bytes_per_second", 0);
                int peers = t.size("peers");
                String of = total > 0 ? " / " + Sizes.format(total) + String.format(" %3d%%", done * 100 / total) : "";
                String eta = t.has("eta_seconds") ? " ETA " + t.longValue("eta_seconds", 0) + "s" : "";
                synchronized (this) {
                    if (!drawing) return;
                    if (t.has("waiting")) {
                        err.printf("\r%s  %s%s  waiting: %s\033[K", label, Sizes.format(done), of, t.text("waiting", ""));
                    } else {
                        err.printf("\r%s  %s%s  %s/s  %d peer%s%s   ", label, Sizes.format(done), of, Sizes.format(rate), peers,
                                peers == 1 ? "" : "s", eta);
                    }
                    drawn = true;
                }
                if (!"running".equals(t.text("state", ""))) return;
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

    /**
     * Waits until the transfer is no longer running (the node answers when it ends, or after
     * {@link #WAIT_SECONDS} to ask again); an IOException naming {@code what} unless it ended done.
     */
    void awaitDone(String what) throws IOException, InterruptedException {
        while (true) {
            JsonFields t = node.getFields("/api/v1/transfers/" + id + "?wait=" + WAIT_SECONDS);
            String state = t.text("state", "");
            if ("running".equals(state)) {
                continue;
            } else if ("done".equals(state)) {
                return;
            } else {
                throw new IOException("the download of " + what + " ended " + state + ": " + t.text("error", ""));
            }
        }
    }
}
