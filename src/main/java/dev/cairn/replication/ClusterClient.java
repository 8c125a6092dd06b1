package dev.cairn.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.metrics.ReplicationMetrics;
import dev.cairn.net.PeerAddress;
import dev.cairn.net.PeerClient;
import dev.cairn.net.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The member side of the cluster exchange: status and pinset requests, each carrying this node's proof of membership. */
final class ClusterClient {
    static final String PROOF_HEADER = "X-Cairn-Cluster";
    static final String STATUS = Protocol.PREFIX + "/cluster/status";
    static final String PINSET = Protocol.PREFIX + "/cluster/pinset";
    /** Largest answer read: a pinset page of 500 operations is about 250 KB, a thousand holdings about 70 KB. */
    private static final int MAX_ANSWER = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PeerClient peers;
    private final ClusterKey key;
    private final ReplicationMetrics metrics;

    ClusterClient(PeerClient peers, ClusterKey key, ReplicationMetrics metrics) {
        this.peers = peers;
        this.key = key;
        this.metrics = metrics;
    }

    JsonNode status(PeerAddress to, String challenge, String holdingsVersion) throws IOException {
        return get(to, STATUS + "?challenge=" + challenge + "&holdings_version=" + URLEncoder.encode(holdingsVersion, StandardCharsets.UTF_8));
    }

    JsonNode pinset(PeerAddress to, long since, int limit) throws IOException {
        return get(to, PINSET + "?since=" + since + "&limit=" + limit);
    }

    private JsonNode get(PeerAddress to, String path) throws IOException {
        HttpRequest req = peers.request(to, path).header(PROOF_HEADER, key.requestProof(peers.selfId(), System.currentTimeMillis()))
                .GET().build();
        HttpResponse<InputStream> res;
        try {
            res = peers.http().send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream in = res.body()) {
            byte[] body = in.readNBytes(MAX_ANSWER + 1);
            metrics.exchanged(requestBytes(req), headerBytes(res) + body.length);
            if (body.length > MAX_ANSWER) throw new IOException(req.uri() + " answered with more than " + MAX_ANSWER + " bytes");
            if (res.statusCode() / 100 != 2) throw new ClusterRefusal(res.statusCode(), req.uri() + " answered " + res.statusCode());
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(req.uri() + " answered with malformed JSON", e);
        }
    }

    /** Request line and headers as they go on the wire, roughly: what the exchange costs without TCP/IP framing. */
    private static long requestBytes(HttpRequest req) {
        long n = 16 + req.uri().getRawPath().length() + (req.uri().getRawQuery() == null ? 0 : req.uri().getRawQuery().length() + 1)
                + 8 + req.uri().getHost().length() + 16;
        for (var h : req.headers().map().entrySet()) for (String v : h.getValue()) n += h.getKey().length() + v.length() + 4;
        return n + 60; // connection, user-agent and the like added by the client
    }

    private static long headerBytes(HttpResponse<?> res) {
        long n = 17;
        for (var h : res.headers().map().entrySet()) for (String v : h.getValue()) n += h.getKey().length() + v.length() + 4;
        return n + 2;
    }

    /** A member refused or failed the request (403: it does not take us for a member). */
    static final class ClusterRefusal extends IOException {
        final int status;

        ClusterRefusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
