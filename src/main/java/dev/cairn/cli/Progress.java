package dev.cairn.cli;

import dev.cairn.util.Sizes;
import java.io.Console;
import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, shown only on a terminal and only for work big enough
 * to wait for; redrawn at most ten times a second.
 */
final class Progress implements AutoCloseable {
    private static final long MIN_BYTES = 32L << 20;

    private final String label;
    private final long total;
    private final PrintStream err;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private Progress(String label, long total, PrintStream err) {
        this.label = label;
        this.total = total;
        this.err = err;
    }

    static Progress forTerminal(String label, long total) {
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal() && total >= MIN_BYTES;
        return new Progress(label, total, terminal ? System.err : null);
    }

    void update(long done) {
        if (err == null) return;
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && done < total) return;
        lastDraw = now;
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = done / seconds;
        int percent = total > 0 ? (int) Math.min(100, done * 100 / total) : 0;
        int filled = percent * 30 / 100;
        String bar = "#".repeat(filled) + " ".repeat(30 - filled);
        String eta = rate > 0 && total > done ? String.format(" ETA %ds", (long) ((total - done) / rate)) : "";
        err.printf("\r%s [%s] %3d%% %s / %s  %s/s%s   ", label, bar, percent, Sizes.format(done), Sizes.format(total),
                Sizes.format((long) rate), eta);
        drawn = true;
    }

    @Override
    public void close() {
        if (drawn) err.print("\r\033[K");
    }
}
