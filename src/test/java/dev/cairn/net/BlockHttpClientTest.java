package dev.cairn.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cairn.Node;
import dev.cairn.content.Block;
import dev.cairn.content.CarReader;
import dev.cairn.content.Cid;
import dev.cairn.content.DagPb;
import dev.cairn.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The block client against a real node (raw blocks, CARs and a miss, all on one connection),
 * and against a scripted peer on loopback for what a node never sends: broken heads and
 * bodies, a connection closed while pooled, an answer that never comes.
 */
class BlockHttpClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void a_node_serves_blocks_cars_and_misses_over_one_kept_alive_connection() throws Exception {
        byte[] content = TestData.sha256ctrBytes(3 << 20);
        try (Node node = Peers.start(dir.resolve("n")); BlockHttpClient client = new BlockHttpClient("12D3KooWtest", TIMEOUT)) {
            var res = Peers.upload(node, content, "?name=data.bin");
            Cid root = Cid.parse(Peers.JSON.readTree(res.body()).get("cid").asText());
            PeerAddress at = new PeerAddress("127.0.0.1", node.port());

            byte[] rootBytes = get(client, at, "/ipfs/" + root + "?format=raw", "application/vnd.ipld.raw", 200);
            List<Cid> leaves = DagPb.links(root, rootBytes);
            assertThat(leaves).hasSizeGreaterThan(1);
            Block.verified(root, rootBytes); // throws if the bytes are not the block's
            byte[] leaf = get(client, at, "/ipfs/" + leaves.get(1) + "?format=raw", "application/vnd.ipld.raw", 200);
            assertThat(Block.verified(leaves.get(1), leaf).data()).hasSize(1 << 20);

            try (BlockHttpClient.Exchange car = client.open(at)) {
                car.get("/ipfs/" + root + "?format=car&dag-scope=entity&entity-bytes=0:1048575",
                        "application/vnd.ipld.car; version=1; order=dfs; dups=n", "only-if-cached");
                assertThat(car.status()).isEqualTo(200);
                CarReader reader = new CarReader(car.body());
                List<Cid> got = new ArrayList<>();
                for (Block b; (b = reader.next()) != null; ) got.add(b.cid());
                assertThat(got).containsExactly(root, leaves.get(0));
            }

            Cid unknown = Block.of(1, dev.cairn.content.Codec.RAW, new byte[] {1, 2, 3}).cid();
            try (BlockHttpClient.Exchange miss = client.open(at)) {
                miss.get("/ipfs/" + unknown + "?format=raw", "application/vnd.ipld.raw", "only-if-cached");
                assertThat(miss.status()).isIn(404, 412);
                miss.body().readAllBytes();
            }
            // every one of those answers was read to its end, so one connection carried them all
            assertThat(client.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void sends_its_peer_id_and_reuses_the_connection_for_the_next_request() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> ok("hello")); BlockHttpClient client = client()) {
            assertThat(get(client, peer.address(), "/ipfs/x?format=raw", "application/vnd.ipld.raw", 200)).asString().isEqualTo("hello");
            assertThat(get(client, peer.address(), "/ipfs/y?format=raw", "application/vnd.ipld.raw", 200)).asString().isEqualTo("hello");
            assertThat(peer.connections()).isEqualTo(1);
            String first = peer.requests().getFirst();
            assertThat(first).startsWith("GET /ipfs/x?format=raw HTTP/1.1\r\n")
                    .contains("\r\nHost: " + peer.address() + "\r\n", "\r\nAccept: application/vnd.ipld.raw\r\n",
                            "\r\nCache-Control: only-if-cached\r\n", "\r\nX-Cairn-Peer: 12D3KooWtest\r\n");
        }
    }

    @Test
    void reads_a_chunked_body_with_extensions_and_a_trailer_then_reuses_the_connection() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n";
        try (ScriptedPeer peer = new ScriptedPeer(request -> chunked); BlockHttpClient client = client()) {
            try (BlockHttpClient.Exchange ex = client.open(peer.address())) {
                ex.get("/a", "*/*", null);
                assertThat(ex.contentLength()).isEqualTo(-1);
                assertThat(ex.body().readAllBytes()).asString().isEqualTo("hello, world");
            }
            assertThat(get(client, peer.address(), "/b", "*/*", 200)).asString().isEqualTo("hello, world");
            assertThat(peer.connections()).isEqualTo(1);
        }
    }

    @Test
    void an_answer_not_read_to_its_end_or_marked_close_does_not_go_back_to_the_pool() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> request.startsWith("GET /close")
                ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok" : ok("0123456789"));
                BlockHttpClient client = client()) {
            try (BlockHttpClient.Exchange ex = client.open(peer.address())) {
                ex.get("/partial", "*/*", null);
                assertThat(ex.body().read(new byte[4], 0, 4)).isEqualTo(4);
            }
            get(client, peer.address(), "/close", "*/*", 200);
            get(client, peer.address(), "/whole", "*/*", 200);
            assertThat(peer.connections()).isEqualTo(3);
            assertThat(client.openConnections()).isEqualTo(1); // only the last, read whole, is pooled
        }
    }

    @Test
    void an_interim_answer_is_skipped_and_an_http_1_0_answer_is_not_pooled() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
                BlockHttpClient client = client()) {
            assertThat(get(client, peer.address(), "/x", "*/*", 200)).asString().isEqualTo("ok");
            assertThat(client.openConnections()).isZero();
        }
    }

    @Test
    void a_pooled_connection_the_peer_closed_is_replaced_without_the_caller_seeing_it() throws Exception {
        AtomicInteger served = new AtomicInteger();
        // every answer says nothing of closing, but the peer closes each connection after it
        try (ScriptedPeer peer = new ScriptedPeer(request -> ok("n" + served.incrementAndGet()), true); BlockHttpClient client = client()) {
            assertThat(get(client, peer.address(), "/1", "*/*", 200)).asString().isEqualTo("n1");
            await().atMost(Duration.ofSeconds(5)).until(() -> peer.closedByServer() == 1);
            assertThat(get(client, peer.address(), "/2", "*/*", 200)).asString().isEqualTo("n2");
            assertThat(peer.connections()).isEqualTo(2);
        }
    }

    @Test
    void a_body_without_framing_runs_to_the_close_and_is_not_pooled() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> "HTTP/1.1 200 OK\r\n\r\nall of it", true); BlockHttpClient client = client()) {
            assertThat(get(client, peer.address(), "/x", "*/*", 200)).asString().isEqualTo("all of it");
            assertThat(client.openConnections()).isZero();
        }
    }

    @Test
    void a_body_cut_before_its_content_length_fails_naming_the_peer() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", true);
                BlockHttpClient client = client(); BlockHttpClient.Exchange ex = client.open(peer.address())) {
            ex.get("/x", "*/*", null);
            assertThat(ex.contentLength()).isEqualTo(100);
            assertThatThrownBy(() -> ex.body().readAllBytes()).isInstanceOf(EOFException.class)
                    .hasMessageContaining(peer.address().toString()).hasMessageContaining("91 bytes before the end");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SSH-2.0-OpenSSH\r\n\r\n",
            "HTTP/1.1 2x0 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
                    + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    })
    void a_malformed_answer_fails_with_an_io_error_and_its_connection_is_closed(String answer) throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> answer, true); BlockHttpClient client = client()) {
            assertThatThrownBy(() -> get(client, peer.address(), "/x", "*/*", 200)).isInstanceOf(IOException.class);
            assertThat(client.openConnections()).isZero();
        }
    }

    @Test
    void an_endless_header_line_or_too_many_headers_are_refused() throws Exception {
        String longLine = "HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(9000) + "\r\n\r\n";
        String many = "HTTP/1.1 200 OK\r\n" + "X-H: v\r\n".repeat(101) + "\r\n";
        try (ScriptedPeer peer = new ScriptedPeer(request -> request.startsWith("GET /long") ? longLine : many, true);
                BlockHttpClient client = client()) {
            assertThatThrownBy(() -> get(client, peer.address(), "/long", "*/*", 200)).hasMessageContaining("header line over 8192 bytes");
            assertThatThrownBy(() -> get(client, peer.address(), "/many", "*/*", 200)).hasMessageContaining("more than 100 header lines");
        }
    }

    @Test
    void a_peer_that_never_answers_times_out() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> null); BlockHttpClient client = new BlockHttpClient("12D3KooWtest", Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> get(client, peer.address(), "/x", "*/*", 200)).isInstanceOf(SocketTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(250L, 3000L);
        }
    }

    @Test
    void closing_an_exchange_from_another_thread_ends_its_wait_for_the_answer() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> null); BlockHttpClient client = client()) {
            BlockHttpClient.Exchange ex = client.open(peer.address());
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    ex.get("/x", "*/*", null);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> peer.requests().size() == 1);
            long t0 = System.nanoTime();
            ex.close();
            assertThatThrownBy(() -> waiting.get(2, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2000);
            assertThat(client.openConnections()).isZero();
        }
    }

    @Test
    void warming_opens_connections_that_the_next_requests_use() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> ok("pong")); BlockHttpClient client = client()) {
            client.warm(peer.address(), 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> client.openConnections() == 3 && peer.requests().size() == 3);
            assertThat(peer.requests()).allSatisfy(r -> assertThat(r).startsWith("GET /ping HTTP/1.1"));
            for (int i = 0; i < 3; i++) get(client, peer.address(), "/b" + i, "*/*", 200);
            assertThat(peer.connections()).isEqualTo(3);
        }
    }

    @Test
    void a_kept_connection_is_opened_once_left_alone_while_fresh_and_used_by_the_next_request() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> ok("pong")); BlockHttpClient client = client()) {
            client.keepOpen(peer.address());
            await().atMost(Duration.ofSeconds(5)).until(() -> client.pooled(peer.address()) == 1);
            assertThat(peer.requests()).singleElement().satisfies(r -> assertThat(r).startsWith("GET /ping HTTP/1.1"));

            // used a moment ago: asking again sends nothing
            client.keepOpen(peer.address());
            client.keepOpen(peer.address());
            Thread.sleep(300);
            assertThat(peer.requests()).hasSize(1);
            assertThat(client.openConnections()).isEqualTo(1);

            get(client, peer.address(), "/b", "*/*", 200);
            assertThat(peer.connections()).isEqualTo(1); // no new handshake for the first real request
            client.closeStale(); // fresh: kept
            assertThat(client.pooled(peer.address())).isEqualTo(1);
        }
    }

    @Test
    void closing_the_client_closes_its_connections_and_refuses_new_requests() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> ok("x"))) {
            BlockHttpClient client = client();
            get(client, peer.address(), "/a", "*/*", 200);
            assertThat(client.openConnections()).isEqualTo(1);
            client.close();
            assertThat(client.openConnections()).isZero();
            assertThatThrownBy(() -> get(client, peer.address(), "/b", "*/*", 200)).hasMessageContaining("closed");
        }
    }

    @Test
    void a_request_pipelined_to_a_node_waits_for_the_answer_before_it_then_reads_its_own() throws Exception {
        byte[] content = TestData.sha256ctrBytes(3 << 20);
        try (Node node = Peers.start(dir.resolve("n")); BlockHttpClient client = client()) {
            var res = Peers.upload(node, content, "?name=data.bin");
            Cid root = Cid.parse(Peers.JSON.readTree(res.body()).get("cid").asText());
            PeerAddress at = new PeerAddress("127.0.0.1", node.port());
            List<Cid> leaves = DagPb.links(root, get(client, at, "/ipfs/" + root + "?format=raw", "application/vnd.ipld.raw", 200));

            BlockHttpClient.Exchange first = client.openPipelined(at, false);
            first.get("/ipfs/" + leaves.get(0) + "?format=raw", "application/vnd.ipld.raw", "only-if-cached");
            BlockHttpClient.Exchange second = client.openPipelined(at, true);
            CompletableFuture<byte[]> behind = CompletableFuture.supplyAsync(() -> {
                try (second) {
                    second.get("/ipfs/" + leaves.get(1) + "?format=raw", "application/vnd.ipld.raw", "only-if-cached");
                    assertThat(second.status()).isEqualTo(200);
                    return second.body().readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // the second request went out on the first one's connection and waits for its answer to be read
            await().atMost(Duration.ofSeconds(5)).until(second::queued);
            Thread.sleep(100);
            assertThat(behind).isNotDone();
            try (first) {
                assertThat(Block.verified(leaves.get(0), first.body().readAllBytes()).size()).isEqualTo(1 << 20);
            }
            assertThat(Block.verified(leaves.get(1), behind.get(5, TimeUnit.SECONDS)).size()).isEqualTo(1 << 20);
            assertThat(client.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void a_request_queued_behind_an_answer_that_is_cut_fails_as_lost_and_the_connection_closes() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> ok("0123456789")); BlockHttpClient client = client()) {
            BlockHttpClient.Exchange first = client.openPipelined(peer.address(), false);
            first.get("/a", "*/*", null);
            CompletableFuture<Void> behind = queueBehind(client, peer.address(), "/b");
            await().atMost(Duration.ofSeconds(5)).until(() -> peer.requests().size() == 2);
            first.close(); // its answer not read: the connection cannot carry the next one
            assertThatThrownBy(() -> behind.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(BlockHttpClient.QueuedRequestLostException.class);
            assertThat(client.openConnections()).isZero();
        }
    }

    @Test
    void a_queued_request_closed_before_its_turn_ends_at_once_and_its_answer_is_never_read_as_another() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> ok(request.substring(4, 6))); BlockHttpClient client = client()) {
            BlockHttpClient.Exchange first = client.openPipelined(peer.address(), false);
            first.get("/a", "*/*", null);
            BlockHttpClient.Exchange[] second = new BlockHttpClient.Exchange[1];
            CompletableFuture<Void> behind = CompletableFuture.runAsync(() -> {
                try (BlockHttpClient.Exchange ex = client.openPipelined(peer.address(), true)) {
                    second[0] = ex;
                    ex.get("/b", "*/*", null);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> peer.requests().size() == 2 && second[0] != null);
            long t0 = System.nanoTime();
            second[0].close();
            assertThatThrownBy(() -> behind.get(2, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2000);
            try (first) {
                assertThat(new String(first.body().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("/a");
            }
            // the abandoned answer is still on that connection: it is closed, not pooled, so the next request cannot read it
            assertThat(client.openConnections()).isZero();
            assertThat(get(client, peer.address(), "/c", "*/*", 200)).asString(StandardCharsets.US_ASCII).isEqualTo("/c");
        }
    }

    @Test
    void a_request_that_may_queue_takes_an_idle_connection_first_and_opens_one_when_none_is_busy() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> ok("x")); BlockHttpClient client = client()) {
            try (BlockHttpClient.Exchange ex = client.openPipelined(peer.address(), true)) {
                ex.get("/a", "*/*", null);
                assertThat(ex.queued()).isFalse();
                ex.body().readAllBytes();
            }
            try (BlockHttpClient.Exchange ex = client.openPipelined(peer.address(), true)) {
                ex.get("/b", "*/*", null);
                assertThat(ex.queued()).isFalse();
                ex.body().readAllBytes();
            }
            assertThat(peer.connections()).isEqualTo(1);
        }
    }

    /** Sends {@code target} behind the answer being read on a connection to {@code to}, in another thread. */
    private static CompletableFuture<Void> queueBehind(BlockHttpClient client, PeerAddress to, String target) {
        return CompletableFuture.runAsync(() -> {
            try (BlockHttpClient.Exchange ex = client.openPipelined(to, true)) {
                ex.get(target, "*/*", null);
                ex.body().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void a_request_target_with_spaces_or_line_breaks_is_refused_before_sending() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(request -> ok("x")); BlockHttpClient client = client();
                BlockHttpClient.Exchange ex = client.open(peer.address())) {
            assertThatThrownBy(() -> ex.get("/a b", "*/*", null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ex.get("/a\r\nX-Injected: 1", "*/*", null)).isInstanceOf(IllegalArgumentException.class);
            assertThat(peer.requests()).isEmpty();
        }
    }

    private static BlockHttpClient client() {
        return new BlockHttpClient("12D3KooWtest", TIMEOUT);
    }

    /** GET {@code target}, check the status, read the body to its end and close: the connection is pooled if it can be. */
    private static byte[] get(BlockHttpClient client, PeerAddress to, String target, String accept, int status) throws IOException {
        try (BlockHttpClient.Exchange ex = client.open(to)) {
            ex.get(target, accept, "only-if-cached");
            assertThat(ex.status()).isEqualTo(status);
            return ex.body().readAllBytes();
        }
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /**
     * A peer on 127.0.0.1 that answers each request's head with what {@code script} returns
     * for it (null: no answer, the connection is held open), then optionally closes.
     */
    private static final class ScriptedPeer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Function<String, String> script;
        private final boolean closeAfterAnswer;
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final AtomicInteger closed = new AtomicInteger();
        private final Thread acceptor;

        ScriptedPeer(Function<String, String> script) throws IOException {
            this(script, false);
        }

        ScriptedPeer(Function<String, String> script, boolean closeAfterAnswer) throws IOException {
            this.script = script;
            this.closeAfterAnswer = closeAfterAnswer;
            acceptor = Thread.ofPlatform().daemon().start(this::accept);
        }

        PeerAddress address() {
            return new PeerAddress("127.0.0.1", server.getLocalPort());
        }

        int connections() {
            return sockets.size();
        }

        List<String> requests() {
            return requests;
        }

        int closedByServer() {
            return closed.get();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = server.accept();
                    sockets.add(s);
                    Thread.ofPlatform().daemon().start(() -> serve(s));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                while (true) {
                    String head = readHead(in);
                    if (head == null) return;
                    requests.add(head);
                    String answer = script.apply(head);
                    if (answer == null) {
                        in.transferTo(OutputStream.nullOutputStream()); // hold the connection until the client goes
                        return;
                    }
                    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (closeAfterAnswer) {
                        closed.incrementAndGet();
                        return;
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                head.write(c);
                String h = head.toString(StandardCharsets.ISO_8859_1);
                if (h.endsWith("\r\n\r\n")) return h;
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) s.close();
            acceptor.interrupt();
        }
    }
}
