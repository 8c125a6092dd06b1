/*
 * bench/LinkTrace.java: samples the received-byte counters of network devices every few
 * milliseconds, for bench/swarm.sh --trace (where each download's bytes went, link by link,
 * over time: the ramp at the start, the balance at the end). Run in the downloader's network
 * namespace, where /sys/class/net shows that namespace's devices:
 *
 *   java -cp DIR LinkTrace INTERVAL_MS OUT_FILE DEVICE...
 *
 * Writes `ready` on stdout once the first sample is taken, then one line per sample to OUT_FILE:
 * epoch milliseconds (with a fraction) and each device's rx_bytes since the first sample. Runs
 * until killed (SIGTERM flushes and exits).
 */
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

public final class LinkTrace {
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: LinkTrace INTERVAL_MS OUT_FILE DEVICE...");
      System.exit(2);
    }
    long intervalNanos = Long.parseLong(args[0]) * 1_000_000L;
    Path[] counters = new Path[args.length - 2];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = Path.of("/sys/class/net", args[i + 2], "statistics", "rx_bytes");
    }
    long[] base = read(counters);
    BufferedWriter out = Files.newBufferedWriter(Path.of(args[1]));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      synchronized (out) {
        try {
          out.flush();
        } catch (IOException ignored) {
          // nothing more to save
        }
      }
    }));
    System.out.println("ready");
    System.out.flush();
    long next = System.nanoTime();
    StringBuilder line = new StringBuilder();
    while (true) {
      long[] now = read(counters);
      Instant at = Instant.now();
      double epochMillis = at.getEpochSecond() * 1000.0 + at.getNano() / 1e6;
      line.setLength(0);
      line.append(String.format(Locale.ROOT, "%.1f", epochMillis));
      for (int i = 0; i < now.length; i++) line.append(' ').append(now[i] - base[i]);
      synchronized (out) {
        out.write(line.append('\n').toString());
      }
      next += intervalNanos;
      LockSupport.parkNanos(next - System.nanoTime());
    }
  }

  private static long[] read(Path[] counters) throws IOException {
    long[] values = new long[counters.length];
    for (int i = 0; i < counters.length; i++) {
      values[i] = Long.parseLong(Files.readString(counters[i]).trim());
    }
    return values;
  }
}
