/*
 * bench/RangeClient.java: fires COUNT concurrent single-range GETs at one URL, each for a
 * different random (seeded) byte range of FILE, and checks every answer: status 206, a
 * Content-Range of exactly "bytes S-E/SIZE", a Content-Length of E-S+1 and exactly those bytes
 * of FILE. Used by bench/ping.sh; run with a JDK 25 as a single-file program:
 *
 *   java bench/RangeClient.java URL FILE [COUNT=200] [SEED=42] [MAX_LEN=1048576]
 *
 * Each request is its own HTTP/1.1 connection (Connection: close), on its own thread; all
 * threads are released at once by a latch, and each times connect + request + the whole
 * response body (time to last byte), also noting the time to the first byte of the response.
 * Prints one line on stdout:
 *   count=N ok=N wrong=N p50_ms=X p99_ms=X max_ms=X ttfb_p50_ms=X ttfb_p99_ms=X wall_ms=X
 * (nearest-rank percentiles), and one line on stderr for each wrong answer.
 * Exit status: 0 when every answer was right, 3 when any was wrong, 2 on bad usage.
 */
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

public class RangeClient {
    record Result(boolean ok, String problem, long nanos, long ttfbNanos) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java RangeClient.java URL FILE [COUNT] [SEED] [MAX_LEN]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        byte[] file = Files.readAllBytes(Path.of(args[1]));
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        int maxLen = args.length > 4 ? Integer.parseInt(args[4]) : 1 << 20;
        if (file.length == 0 || count <= 0 || maxLen <= 0) {
            System.err.println("RangeClient: empty file, or bad count or length");
            System.exit(2);
        }

        Random random = new Random(seed);
        long[] starts = new long[count];
        long[] ends = new long[count];
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            long s;
            do {
                s = random.nextLong(file.length);
            } while (!seen.add(s));
            starts[i] = s;
            ends[i] = Math.min(file.length - 1L, s + random.nextInt(maxLen)); // 1..maxLen bytes
        }

        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());

        Result[] results = new Result[count];
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final int k = i;
            Thread t = Thread.ofPlatform().name("range-" + i).start(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                results[k] = fetch(host, port, path, file, starts[k], ends[k]);
            });
            threads.add(t);
        }
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) t.join();
        long wall = System.nanoTime() - t0;

        int ok = 0;
        long[] lat = new long[count];
        long[] ttfb = new long[count];
        for (int i = 0; i < count; i++) {
            Result r = results[i];
            lat[i] = r.nanos();
            ttfb[i] = r.ttfbNanos();
            if (r.ok()) ok++;
            else System.err.println("RangeClient: WRONG bytes=" + starts[i] + "-" + ends[i] + ": " + r.problem());
        }
        Arrays.sort(lat);
        Arrays.sort(ttfb);
        System.out.println(String.format(Locale.ROOT,
                "count=%d ok=%d wrong=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f ttfb_p50_ms=%.2f ttfb_p99_ms=%.2f wall_ms=%.2f",
                count, ok, count - ok, ms(rank(lat, 50)), ms(rank(lat, 99)), ms(lat[count - 1]),
                ms(rank(ttfb, 50)), ms(rank(ttfb, 99)), ms(wall)));
        System.exit(ok == count ? 0 : 3);
    }

    /** Nearest-rank percentile of a sorted array. */
    static long rank(long[] sorted, int pct) {
        int r = (int) Math.ceil(pct / 100.0 * sorted.length);
        return sorted[Math.max(0, r - 1)];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static Result fetch(String host, int port, String path, byte[] file, long start, long end) {
        long t0 = System.nanoTime();
        long ttfb = -1;
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 30_000);
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nRange: bytes=" + start + "-" + end
                    + "\r\nConnection: close\r\nUser-Agent: cairn-bench-range\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
            String status = line(in);
            ttfb = System.nanoTime() - t0;
            if (status == null) return new Result(false, "no response", System.nanoTime() - t0, ttfb);
            String contentRange = null;
            long contentLength = -1;
            boolean chunked = false;
            for (String h; (h = line(in)) != null && !h.isEmpty(); ) {
                int colon = h.indexOf(':');
                if (colon < 0) continue;
                String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).strip();
                switch (name) {
                    case "content-range" -> contentRange = value;
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    default -> {}
                }
            }
            long want = end - start + 1;
            List<String> problems = new ArrayList<>();
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[1].equals("206")) problems.add("status line '" + status + "'");
            String expectRange = "bytes " + start + "-" + end + "/" + file.length;
            if (!expectRange.equals(contentRange)) problems.add("Content-Range '" + contentRange + "', want '" + expectRange + "'");
            byte[] body;
            if (chunked) {
                problems.add("chunked response");
                body = in.readAllBytes();
            } else if (contentLength >= 0) {
                if (contentLength != want) problems.add("Content-Length " + contentLength + ", want " + want);
                body = in.readNBytes((int) Math.min(contentLength, Integer.MAX_VALUE - 8));
                if (body.length != contentLength) problems.add("body cut short at " + body.length + " of " + contentLength);
            } else {
                problems.add("no Content-Length");
                body = in.readAllBytes();
            }
            long nanos = System.nanoTime() - t0;
            if (body.length != want || !Arrays.equals(body, 0, body.length, file, (int) start, (int) end + 1)) {
                problems.add("body (" + body.length + " bytes) differs from the file's bytes " + start + "-" + end);
            }
            return new Result(problems.isEmpty(), String.join("; ", problems), nanos, ttfb);
        } catch (IOException | RuntimeException e) {
            long nanos = System.nanoTime() - t0;
            return new Result(false, e.toString(), nanos, ttfb < 0 ? nanos : ttfb);
        }
    }

    /** One header line (CRLF or LF stripped), or null at end of stream. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
            if (b.size() > 65536) throw new IOException("header line too long");
        }
        if (c == -1 && b.size() == 0) return null;
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
