package dev.cairn.net;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The GETs that move blocks and CARs between peers: HTTP/1.1 over blocking sockets, with
 * keep-alive connections pooled per peer, most recently used first (a connection that just
 * carried a block has the widest congestion window).
 *
 * <p>Why not {@code java.net.http}: for a download the JDK client was a third of the
 * downloader's CPU (its selector thread, its executor handing each buffer on, and the reading
 * thread waiting for both), and its internals were most of what the JIT compiled during a
 * node's first download. Here the thread that wants a block reads it from the socket into
 * the block's own array. The peer protocol's JSON calls stay on the JDK client.
 *
 * <p>A peer is not trusted: the status line and each header are capped, a body is framed only
 * by a valid Content-Length or chunked encoding (else read to the close and never pooled), and
 * a connection goes back to the pool only when its answer was read to the end and the peer did
 * not ask to close it. The read timeout applies to every wait for the peer's bytes.
 *
 * <p>A download's requests may be pipelined ({@link #openPipelined}): sent on a connection whose
 * answer is still being read, so the peer starts on the next answer as soon as it has sent
 * this one, and the link does not idle for the round trip between them. Answers come in the
 * order asked; each exchange reads its own once the one before it is read to its end. If that
 * one ends otherwise (cut, failed, or marked close), the connection is closed and the request
 * behind it fails with {@link QueuedRequestLostException}: the peer never got to it.
 */
public final class BlockHttpClient implements AutoCloseable {
    private static final int MAX_LINE = 8 << 10;
    private static final int MAX_HEADERS = 100;
    /** 1xx answers skipped before the real one; a node sends none to a GET. */
    private static final int MAX_INTERIM = 5;
    private static final int MAX_IDLE_PER_PEER = 32;
    /** Under the servers' own idle timeouts (Cairn's 30 s by default), so a pooled connection is rarely found closed. */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** A kept connection ({@link #keepOpen}) is pinged once it has been idle this long: well inside both limits above. */
    private static final long KEEP_FRESH_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int BUFFER = 16 << 10;

    private final String selfId;
    private final int timeoutMillis;
    private final Map<PeerAddress, Deque<Connection>> idle = new ConcurrentHashMap<>();
    /** Peers with a {@link #keepOpen} ping under way. */
    private final Set<PeerAddress> keeping = ConcurrentHashMap.newKeySet();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    BlockHttpClient(String selfId, Duration timeout) {
        this.selfId = selfId;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    /**
     * An exchange with {@code peer}, not yet sent: whoever may have to cut it short (a
     * cancel, a watchdog) can hold it before {@link Exchange#get} starts to wait.
     */
    public Exchange open(PeerAddress peer) {
        return new Exchange(peer);
    }

    /**
     * An exchange with {@code peer} for a block, behind which another such exchange may be
     * pipelined. {@code behind}: when no pooled connection is idle, this one may itself be
     * pipelined behind an answer still being read, on the connection (of those with nothing
     * queued yet) whose answer has the fewest bytes left; with no such connection, it opens
     * its own.
     */
    public Exchange openPipelined(PeerAddress peer, boolean behind) {
        Exchange e = new Exchange(peer);
        e.pipelined = true;
        e.mayQueue = behind;
        return e;
    }

    /** A pipelined request whose turn never came: the answer before it on its connection did not end cleanly. Not the peer's doing as such. */
    public static final class QueuedRequestLostException extends IOException {
        QueuedRequestLostException(String message) {
            super(message);
        }
    }

    /**
     * Opens up to {@code connections} new connections to {@code peer} ahead of the requests that
     * will need them, each with a {@code GET /ping} whose answer is read out, and pools them. A
     * new connection costs a round trip (the TCP handshake) before its first request can go, so
     * a download that will keep several requests in flight to a peer warms them while it
     * fetches the root. Fire and forget: if one fails, requests open their own.
     */
    public void warm(PeerAddress peer, int connections) {
        Deque<Connection> pool = idle.get(peer);
        int want = connections - (pool == null ? 0 : pool.size());
        for (int i = 0; i < want; i++) Thread.ofPlatform().daemon().name("cairn-block-warm").start(() -> ping(peer, false));
    }

    /**
     * Keeps a connection to {@code peer} open between downloads, as a libp2p node keeps one to
     * each of its peers: the first block of a download or a stream then goes out at once, not a
     * handshake's round trip later. Unless a pooled connection was used in the last {@link
     * #KEEP_FRESH_NANOS}, sends a {@code GET /ping} on the most recently used one (so the peer's
     * server does not close it as idle) or, with none pooled, on a new one. Meant to be called
     * every few seconds for each peer worth it; at most one such ping per peer at a time. Fire
     * and forget.
     */
    public void keepOpen(PeerAddress peer) {
        if (closed) return;
        Deque<Connection> pool = idle.get(peer);
        long now = System.nanoTime();
        if (pool != null) {
            for (Connection c : pool) {
                if (now - c.idleSince < KEEP_FRESH_NANOS && !c.socket.isClosed()) return;
            }
        }
        if (!keeping.add(peer)) return;
        Thread.ofVirtual().name("cairn-block-keep").start(() -> {
            try {
                ping(peer, true);
            } finally {
                keeping.remove(peer);
            }
        });
    }

    /**
     * Closes the pooled connections no request may use any more (idle past {@link
     * #MAX_IDLE_NANOS}), for every peer: a peer nothing is asked of, or one that left, would
     * otherwise keep its sockets until the next request to it.
     */
    public void closeStale() {
        long now = System.nanoTime();
        for (Deque<Connection> pool : idle.values()) {
            for (Connection c : pool) {
                if ((now - c.idleSince >= MAX_IDLE_NANOS || c.socket.isClosed()) && pool.remove(c)) c.close();
            }
        }
    }

    /** A {@code GET /ping} on a new connection, or with {@code reuse} a pooled one if any; its answer read out, so the connection goes to the pool. */
    private void ping(PeerAddress peer, boolean reuse) {
        try (Exchange ping = open(peer)) {
            ping.send("/ping", "*/*", null, reuse);
            InputStream body = ping.body();
            byte[] sink = new byte[BUFFER];
            for (int n = 0; n < BUFFER; ) {
                int r = body.read(sink, 0, BUFFER);
                if (r < 0) break;
                n += r;
            }
        } catch (IOException | RuntimeException e) {
            // the request that would have used it opens its own
        }
    }

    /** Connections to {@code peer} idle in the pool now. */
    int pooled(PeerAddress peer) {
        Deque<Connection> pool = idle.get(peer);
        return pool == null ? 0 : pool.size();
    }

    /** Connections open now, pooled or in use. */
    int openConnections() {
        return open.size();
    }

    /** One request and its answer. Closing it before the answer was read to its end closes the connection. */
    public final class Exchange implements Closeable {
        private final PeerAddress peer;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile Connection connection;
        // status and keepAlive are read by another exchange choosing where to queue (queueSpot)
        private volatile int status;
        private long contentLength = -1;
        private InputStream body;
        private volatile boolean keepAlive;
        private volatile boolean bodyEnded;
        /** Another request may be queued behind this one ({@link #openPipelined}). */
        private boolean pipelined;
        private boolean mayQueue;
        /** Sent behind another answer on its connection ({@link #openPipelined}). */
        private volatile boolean queued;
        /** The request is all written on its connection; under the connection's lock. */
        private boolean sent;
        /** Completed when this queued exchange may read its answer; failed if it never may. */
        private final CompletableFuture<Void> turn = new CompletableFuture<>();

        private Exchange(PeerAddress peer) {
            this.peer = peer;
        }

        /** Whether the request was pipelined behind another answer, so its wait included that answer's. */
        public boolean queued() {
            return queued;
        }

        /**
         * Sends {@code GET target} and reads the answer's head. A pooled connection that turns
         * out to have been closed by the peer is replaced by a new one, once.
         */
        public void get(String target, String accept, String cacheControl) throws IOException {
            send(target, accept, cacheControl, true);
        }

        private void send(String target, String accept, String cacheControl, boolean reuse) throws IOException {
            byte[] request = request(peer, target, accept, cacheControl);
            Connection c = reuse ? takeIdle(peer) : null;
            if (c == null && mayQueue && queueBehind(request)) return;
            boolean reused = c != null;
            while (true) {
                if (c == null) {
                    c = new Connection(peer);
                    c.reading = this;
                    connection = c; // published before the connect, so that a close cuts that too
                    if (done.get()) {
                        c.close();
                        throw cancelled();
                    }
                    c.connect();
                } else {
                    synchronized (c) {
                        c.reading = this;
                    }
                    connection = c;
                }
                try {
                    write(c, request);
                    readHead(c);
                    return;
                } catch (IOException e) {
                    c.close();
                    if (done.get()) throw cancelled();
                    if (!reused || e instanceof SocketTimeoutException) throw e;
                    reused = false;
                    c = null;
                }
            }
        }

        /**
         * Writes the request on {@code c} unless the exchange was closed; from then on a request
         * may be pipelined behind it (not before: one written first would swap their answers).
         */
        private void write(Connection c, byte[] request) throws IOException {
            if (done.get()) throw cancelled();
            c.out.write(request);
            c.out.flush();
            synchronized (c) {
                sent = true;
            }
        }

        /**
         * Sends the request behind the answer being read on a connection to the peer, waits
         * for that answer to be read, then reads this one's head; false if no connection can
         * take it (none busy, or each has a request queued already).
         */
        private boolean queueBehind(byte[] request) throws IOException {
            Connection c = queueSpot(this);
            if (c == null) return false;
            queued = true;
            connection = c;
            try {
                write(c, request);
            } catch (IOException e) {
                if (done.get()) throw cancelled();
                c.close(); // the request may be half sent: the connection cannot carry another
                throw new QueuedRequestLostException("could not send a request to " + peer + " behind another: " + e.getMessage());
            }
            try {
                turn.get();
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("the request to " + peer + " was interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
            if (done.get()) throw cancelled();
            try {
                readHead(c);
            } catch (EOFException e) {
                c.close();
                // closed before any of this answer came: the peer ended the connection after the last one
                throw new QueuedRequestLostException(peer + " closed the connection before answering a request queued on it");
            } catch (IOException e) {
                c.close();
                throw e;
            }
            return true;
        }

        public int status() {
            return status;
        }

        /** The declared length of the body; -1 when chunked or read to the close. */
        public long contentLength() {
            return contentLength;
        }

        public InputStream body() {
            return body;
        }

        private IOException cancelled() {
            return new IOException("the request to " + peer + " was closed");
        }

        private void readHead(Connection c) throws IOException {
            String line;
            boolean http11;
            for (int interim = 0; ; interim++) {
                if (interim > MAX_INTERIM) throw new IOException(peer + " sent more than " + MAX_INTERIM + " interim answers");
                line = c.readLine();
                if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' '
                        || (line.length() > 12 && line.charAt(12) != ' ')) {
                    throw new IOException(peer + " sent a malformed status line: " + PeerIds.abbreviate(line));
                }
                http11 = line.charAt(7) == '1';
                status = digits(line, 9, 12);
                if (status < 100) throw new IOException(peer + " sent a malformed status line: " + PeerIds.abbreviate(line));
                Head head = readHeaders(c);
                keepAlive = http11 ? !head.close : head.keepAlive;
                if (status >= 200 || status == 101) {
                    if (status == 101) throw new IOException(peer + " switched protocols on a block request");
                    frame(c, head);
                    return;
                }
            }
        }

        private void frame(Connection c, Head head) throws IOException {
            if (status == 204 || status == 304) {
                contentLength = 0;
                body = new FixedBody(c, 0);
            } else if (head.chunked) {
                body = new ChunkedBody(c);
            } else if (head.transferEncoding) {
                keepAlive = false; // a coding this client does not read: the body runs to the close
                body = new UntilCloseBody(c);
            } else if (head.contentLength >= 0) {
                contentLength = head.contentLength;
                body = new FixedBody(c, head.contentLength);
            } else {
                keepAlive = false;
                body = new UntilCloseBody(c);
            }
        }

        private Head readHeaders(Connection c) throws IOException {
            Head head = new Head();
            for (int n = 0; ; n++) {
                String line = c.readLine();
                if (line.isEmpty()) return head;
                if (n == MAX_HEADERS) throw new IOException(peer + " sent more than " + MAX_HEADERS + " header lines");
                int colon = line.indexOf(':');
                if (colon <= 0) throw new IOException(peer + " sent a malformed header line: " + PeerIds.abbreviate(line));
                String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                switch (name) {
                    case "content-length" -> {
                        long v = contentLength(value);
                        if (head.contentLength >= 0 && head.contentLength != v) {
                            throw new IOException(peer + " sent two different Content-Length headers");
                        }
                        head.contentLength = v;
                    }
                    case "transfer-encoding" -> {
                        head.transferEncoding = true;
                        String[] codings = value.toLowerCase(Locale.ROOT).split(",");
                        head.chunked = codings[codings.length - 1].strip().equals("chunked");
                    }
                    case "connection" -> {
                        for (String token : value.toLowerCase(Locale.ROOT).split(",")) {
                            if (token.strip().equals("close")) head.close = true;
                            if (token.strip().equals("keep-alive")) head.keepAlive = true;
                        }
                    }
                    default -> { }
                }
            }
        }

        private long contentLength(String value) throws IOException {
            if (value.isEmpty() || value.length() > 18) throw new IOException(peer + " sent a bad Content-Length: " + PeerIds.abbreviate(value));
            long v = 0;
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                if (ch < '0' || ch > '9') throw new IOException(peer + " sent a bad Content-Length: " + PeerIds.abbreviate(value));
                v = v * 10 + (ch - '0');
            }
            return v;
        }

        private void ended() {
            bodyEnded = true;
        }

        /** Bytes of the answer still to come; {@code Long.MAX_VALUE} before its head or when not framed by length. */
        private long remaining() {
            return body instanceof FixedBody f ? f.remaining : Long.MAX_VALUE;
        }

        /**
         * Hands the connection to the request queued behind this one if this answer was read to
         * its end and the connection may carry another, else pools it; otherwise closes it, and
         * the queued request fails. Closing a queued exchange before its turn only marks it: the
         * exchange before it closes the connection when its answer is done, since this answer
         * would have to be read out first.
         */
        @Override
        public void close() {
            if (!done.compareAndSet(false, true)) return;
            Connection c = connection;
            if (c == null) return;
            Exchange next;
            boolean reusable = bodyEnded && keepAlive;
            synchronized (c) {
                if (c.reading != this) {
                    turn.completeExceptionally(cancelled());
                    return;
                }
                next = c.queued;
                c.queued = null;
                c.reading = reusable && next != null && !next.done.get() ? next : null;
            }
            if (reusable && next == null) {
                release(c);
            } else if (reusable && c.reading == next) {
                next.turn.complete(null);
            } else {
                c.close();
                if (next != null) next.turn.completeExceptionally(lostBehind(peer));
            }
        }

        /** An answer's body on its connection; closing it closes the exchange. */
        private abstract class Body extends InputStream {
            final Connection c;

            Body(Connection c) {
                this.c = c;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public void close() {
                Exchange.this.close();
            }
        }

        /** A body of a declared length, {@link #ended} once read to it. */
        private final class FixedBody extends Body {
            private long remaining;

            FixedBody(Connection c, long length) {
                super(c);
                this.remaining = length;
                if (length == 0) ended();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                if (remaining == 0) return -1;
                int n = c.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) throw new EOFException(peer + " closed the connection " + remaining + " bytes before the end of its answer");
                remaining -= n;
                if (remaining == 0) ended();
                return n;
            }
        }

        /** A chunked body, {@link #ended} at its last chunk. */
        private final class ChunkedBody extends Body {
            /** Bytes left in the current chunk; 0 between chunks, -1 after the last. */
            private long left;

            ChunkedBody(Connection c) {
                super(c);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                if (left < 0) return -1;
                if (left == 0) {
                    left = chunkSize(c.readLine());
                    if (left == 0) {
                        readHeaders(c); // the trailer, ignored
                        left = -1;
                        ended();
                        return -1;
                    }
                }
                int n = c.read(b, off, (int) Math.min(len, left));
                if (n < 0) throw new EOFException(peer + " closed the connection inside a chunk of its answer");
                left -= n;
                if (left == 0 && !c.readLine().isEmpty()) throw new IOException(peer + " sent a chunk longer than it declared");
                return n;
            }

            private long chunkSize(String line) throws IOException {
                int end = line.indexOf(';');
                String hex = (end < 0 ? line : line.substring(0, end)).strip();
                if (hex.isEmpty() || hex.length() > 15) throw new IOException(peer + " sent a bad chunk size: " + PeerIds.abbreviate(line));
                try {
                    return Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException(peer + " sent a bad chunk size: " + PeerIds.abbreviate(line));
                }
            }
        }

        /** No framing: the body is what comes until the peer closes; the connection is never pooled. */
        private final class UntilCloseBody extends Body {
            UntilCloseBody(Connection c) {
                super(c);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : c.read(b, off, len);
            }
        }
    }

    /** What the framing and reuse of an answer depend on. */
    private static final class Head {
        long contentLength = -1;
        boolean transferEncoding;
        boolean chunked;
        boolean close;
        boolean keepAlive;
    }

    private byte[] request(PeerAddress peer, String target, String accept, String cacheControl) {
        for (int i = 0; i < target.length(); i++) {
            char ch = target.charAt(i);
            if (ch <= ' ' || ch >= 0x7f) throw new IllegalArgumentException("not a request target: " + PeerIds.abbreviate(target));
        }
        return ("GET " + target + " HTTP/1.1\r\n"
                + "Host: " + peer + "\r\n"
                + "Accept: " + accept + "\r\n"
                + (cacheControl == null ? "" : "Cache-Control: " + cacheControl + "\r\n")
                + Protocol.PEER_HEADER + ": " + selfId + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Of the connections to {@code e}'s peer whose answer is still coming and which carry no
     * queued request yet, the one whose answer has the fewest bytes left, now reserved for
     * {@code e}; null if there is none.
     */
    private Connection queueSpot(Exchange e) {
        while (true) {
            Connection best = null;
            long bestLeft = Long.MAX_VALUE;
            for (Connection c : open) {
                if (!c.peer.equals(e.peer)) continue;
                synchronized (c) {
                    Exchange r = c.reading;
                    if (r == null || !r.pipelined || c.queued != null || !r.sent || r.done.get() || c.socket.isClosed()) continue;
                    if (r.status != 0 && !r.keepAlive) continue;
                    long left = r.remaining();
                    if (best == null || left < bestLeft) {
                        best = c;
                        bestLeft = left;
                    }
                }
            }
            if (best == null) return null;
            synchronized (best) {
                // taken or ended meanwhile: look again
                if (best.reading != null && best.queued == null && best.reading.sent && !best.reading.done.get()) {
                    best.queued = e;
                    return best;
                }
            }
        }
    }

    private static QueuedRequestLostException lostBehind(PeerAddress peer) {
        return new QueuedRequestLostException("the answer before a request queued to " + peer + " did not end cleanly, so its connection was closed");
    }

    private Connection takeIdle(PeerAddress peer) {
        Deque<Connection> pool = idle.get(peer);
        if (pool == null) return null;
        long now = System.nanoTime();
        Connection c;
        while ((c = pool.pollFirst()) != null) {
            if (now - c.idleSince < MAX_IDLE_NANOS && !c.socket.isClosed()) return c;
            c.close();
        }
        return null;
    }

    private void release(Connection c) {
        Deque<Connection> pool = idle.computeIfAbsent(c.peer, k -> new ConcurrentLinkedDeque<>());
        c.idleSince = System.nanoTime();
        pool.offerFirst(c);
        // the least recently used go first: past the cap, or idle too long to trust
        Connection old;
        while ((old = pool.peekLast()) != null && (pool.size() > MAX_IDLE_PER_PEER || c.idleSince - old.idleSince > MAX_IDLE_NANOS)) {
            if (pool.removeLastOccurrence(old)) old.close();
        }
        if (closed && pool.remove(c)) c.close();
    }

    /** Closes every connection, which ends the reads still waiting on them. */
    @Override
    public void close() {
        closed = true;
        for (Connection c : open) c.close();
        idle.clear();
    }

    /** One socket with its read buffer; used by one exchange at a time. */
    private final class Connection {
        final PeerAddress peer;
        final Socket socket;
        InputStream in;
        OutputStream out;
        final byte[] buf = new byte[BUFFER];
        int pos;
        int lim;
        volatile long idleSince;
        /**
         * The exchange whose answer is read (or awaited) on this connection now, and the one
         * pipelined behind it; under this object's lock. A request is queued only behind one
         * whose own request is all written ({@code sent}): a queued request handed the
         * connection may still be writing, and one written before it would swap their answers.
         */
        Exchange reading;
        Exchange queued;

        Connection(PeerAddress peer) {
            this.peer = peer;
            this.socket = new Socket();
        }

        /** Connects; the read timeout then applies to every wait for the peer's bytes. */
        void connect() throws IOException {
            if (closed) throw new IOException("the block client is closed");
            open.add(this);
            try {
                socket.setTcpNoDelay(true); // a request is one small write: send it now
                socket.connect(new InetSocketAddress(peer.host(), peer.port()), timeoutMillis);
                socket.setSoTimeout(timeoutMillis);
                in = socket.getInputStream();
                out = socket.getOutputStream();
            } catch (IOException e) {
                close();
                throw e;
            }
            if (closed) {
                close();
                throw new IOException("the block client is closed");
            }
        }

        /** Up to {@code len} bytes, from the buffer first, else straight from the socket into {@code b}. */
        int read(byte[] b, int off, int len) throws IOException {
            if (pos < lim) {
                int n = Math.min(len, lim - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            if (len >= buf.length) return in.read(b, off, len);
            if (!fill()) return -1;
            return read(b, off, len);
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) return false;
            pos = 0;
            lim = n;
            return true;
        }

        /** One line without its CRLF (a bare LF is taken too); at most {@link #MAX_LINE} bytes. */
        String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (pos == lim && !fill()) throw new EOFException(peer + " closed the connection in the middle of an answer's head");
                byte ch = buf[pos++];
                if (ch == '\n') {
                    int n = line.length();
                    if (n > 0 && line.charAt(n - 1) == '\r') line.setLength(n - 1);
                    return line.toString();
                }
                if (line.length() == MAX_LINE) throw new IOException(peer + " sent a header line over " + MAX_LINE + " bytes");
                line.append((char) (ch & 0xff));
            }
        }

        /** Closes the socket; a request queued on it fails, as its answer can no longer come. */
        void close() {
            Exchange lost;
            synchronized (this) {
                lost = queued;
                queued = null;
            }
            if (lost != null) lost.turn.completeExceptionally(lostBehind(peer));
            open.remove(this);
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do with a socket that fails to close
            }
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') return -1;
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}
