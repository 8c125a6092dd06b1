/*
 * bench/DelayRelay.java: a TCP relay that adds a fixed one-way delay to every byte, in each
 * direction, for bench/swarm.sh (the kernel here has no netem). Run with a JDK 25 as a
 * single-file program, or compiled once with javac:
 *
 *   java bench/DelayRelay.java [--delay-ms MS] [--buffer BYTES] [--no-connect-delay] LISTEN_HOST:PORT=TARGET_HOST:PORT...
 *
 * Every connection accepted on a LISTEN address is relayed to its TARGET. Each direction has a
 * reader that timestamps every chunk it reads and queues it, and a writer that sends each chunk
 * MS milliseconds (default 20, i.e. a 40 ms round trip) after it was read, so a whole window of
 * chunks is in flight at once and the delay costs no throughput. A direction holds at most
 * BYTES (default 4 MiB) not yet written; past that its reader stops reading, so TCP flow control
 * still works end to end. The queue must hold rate x delay (100 Mbit/s x 20 ms = 250 kB). Every
 * connection has its own virtual threads, so any number of connections can be open at once.
 * TCP_NODELAY is set on both sides (Nagle would add its own delay to small writes). An EOF is
 * passed on as a half-close after the data before it; a reset or error closes both sides.
 * The relay accepts a connection at once, where a real TCP handshake would take a round trip
 * (2 x MS) before the client could send; so nothing the client sends is passed on before
 * accept + 2 x MS + MS, and a new connection costs what it would over the delayed path. With
 * --no-connect-delay only the per-byte delay is added.
 *
 * Prints `listening LISTEN -> TARGET delay MS ms` per listener on stdout once it accepts, and on
 * SIGTERM/SIGINT one line per listener with its connections and bytes relayed each way.
 * Exit status: 2 on bad usage, 1 if a listener cannot be bound.
 */
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public class DelayRelay {
    static final int READ_SIZE = 64 * 1024;

    record Mapping(InetSocketAddress listen, InetSocketAddress target, AtomicLong connections, AtomicLong up,
            AtomicLong down) {
        String name() {
            return hostPort(listen) + " -> " + hostPort(target);
        }
    }

    /** One queued chunk; data == null marks the end of the stream (clean EOF or an error). */
    record Chunk(byte[] data, long readAt, boolean error) {}

    static long delayNanos;
    static int bufferBytes = 4 << 20;
    static boolean connectDelay = true;

    public static void main(String[] args) throws Exception {
        double delayMs = 20;
        List<Mapping> mappings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                switch (a) {
                    case "--delay-ms" -> delayMs = Double.parseDouble(args[++i]);
                    case "--buffer" -> bufferBytes = Integer.parseInt(args[++i]);
                    case "--no-connect-delay" -> connectDelay = false;
                    case "-h", "--help" -> usage(null);
                    default -> {
                        int eq = a.indexOf('=');
                        if (eq < 0) usage("not LISTEN=TARGET: " + a);
                        mappings.add(new Mapping(parse(a.substring(0, eq)), parse(a.substring(eq + 1)), new AtomicLong(),
                                new AtomicLong(), new AtomicLong()));
                    }
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                usage("bad argument " + a);
            }
        }
        if (mappings.isEmpty()) usage("no LISTEN=TARGET given");
        if (delayMs < 0 || bufferBytes < READ_SIZE) usage("delay must be >= 0 and buffer >= " + READ_SIZE);
        delayNanos = Math.round(delayMs * 1_000_000);

        List<ServerSocket> servers = new ArrayList<>();
        for (Mapping m : mappings) {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            try {
                server.bind(m.listen(), 1024);
            } catch (IOException e) {
                System.err.println("DelayRelay: cannot listen on " + hostPort(m.listen()) + ": " + e.getMessage());
                System.exit(1);
            }
            servers.add(server);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Mapping m : mappings) {
                System.out.printf("relayed %s connections %d up_bytes %d down_bytes %d%n", m.name(),
                        m.connections().get(), m.up().get(), m.down().get());
            }
            System.out.flush();
        }));
        List<Thread> acceptors = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) {
            Mapping m = mappings.get(i);
            ServerSocket server = servers.get(i);
            acceptors.add(Thread.ofPlatform().name("accept-" + i).start(() -> accept(server, m)));
            System.out.printf("listening %s delay %s ms%n", m.name(), delayMs);
        }
        System.out.flush();
        for (Thread t : acceptors) t.join();
    }

    static void accept(ServerSocket server, Mapping m) {
        while (true) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                System.err.println("DelayRelay: accept on " + hostPort(m.listen()) + " failed: " + e.getMessage());
                return;
            }
            m.connections().incrementAndGet();
            Thread.ofVirtual().start(() -> relay(client, m));
        }
    }

    static void relay(Socket client, Mapping m) {
        long acceptedAt = System.nanoTime();
        Socket target = new Socket();
        try {
            client.setTcpNoDelay(true);
            target.setTcpNoDelay(true);
            target.connect(m.target(), 10_000);
        } catch (IOException e) {
            System.err.println("DelayRelay: cannot reach " + hostPort(m.target()) + ": " + e.getMessage());
            closeQuietly(client);
            closeQuietly(target);
            return;
        }
        AtomicInteger open = new AtomicInteger(2);
        Runnable finished = () -> {
            if (open.decrementAndGet() == 0) {
                closeQuietly(client);
                closeQuietly(target);
            }
        };
        // The client's first bytes could only have left it after the handshake's round trip.
        long upNotBefore = connectDelay ? acceptedAt + 2 * delayNanos : Long.MIN_VALUE;
        direction(client, target, m.up(), upNotBefore, finished);
        direction(target, client, m.down(), Long.MIN_VALUE, finished);
    }

    /**
     * Starts the reader and the writer of one direction, from -> to. A chunk read at t is written
     * at max(t, notBefore) + the delay.
     */
    static void direction(Socket from, Socket to, AtomicLong counter, long notBefore, Runnable finished) {
        LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Semaphore room = new Semaphore(bufferBytes);
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[READ_SIZE];
            boolean error = false;
            try {
                InputStream in = from.getInputStream();
                while (true) {
                    int n = in.read(buf);
                    if (n < 0) break;
                    if (n == 0) continue;
                    long now = Math.max(System.nanoTime(), notBefore);
                    room.acquire(n);
                    queue.put(new Chunk(java.util.Arrays.copyOf(buf, n), now, false));
                }
            } catch (IOException | InterruptedException e) {
                error = true;
            }
            queue.add(new Chunk(null, Math.max(System.nanoTime(), notBefore), error));
        });
        Thread.ofVirtual().start(() -> {
            boolean failed = false;
            try {
                OutputStream out = new BufferedOutputStream(to.getOutputStream(), 256 * 1024);
                while (true) {
                    Chunk c = queue.take();
                    waitUntil(c.readAt() + delayNanos);
                    if (c.data() == null) {
                        out.flush();
                        if (c.error()) {
                            failed = true;
                        } else {
                            to.shutdownOutput();
                        }
                        break;
                    }
                    if (!failed) {
                        try {
                            out.write(c.data());
                            counter.addAndGet(c.data().length);
                            // Send now unless the next chunk is already due (then it goes in the same write).
                            Chunk next = queue.peek();
                            if (next == null || next.readAt() + delayNanos > System.nanoTime()) out.flush();
                        } catch (IOException e) {
                            // The receiver is gone: stop the reader (closing its socket) and drain.
                            failed = true;
                            closeQuietly(from);
                        }
                    }
                    room.release(c.data().length);
                }
            } catch (IOException | InterruptedException e) {
                failed = true;
            }
            if (failed) {
                closeQuietly(from);
                closeQuietly(to);
            }
            finished.run();
        });
    }

    static void waitUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) LockSupport.parkNanos(left);
    }

    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) usage("not HOST:PORT: " + hostPort);
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    static void usage(String problem) {
        if (problem != null) System.err.println("DelayRelay: " + problem);
        System.err.println("usage: java bench/DelayRelay.java [--delay-ms MS] [--buffer BYTES] [--no-connect-delay] LISTEN_HOST:PORT=TARGET_HOST:PORT...");
        System.exit(2);
    }
}
