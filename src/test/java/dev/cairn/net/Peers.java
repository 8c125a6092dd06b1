package dev.cairn.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.Node;
import dev.cairn.NodeSettings;
import dev.cairn.api.ServerOptions;
import dev.cairn.store.Quota;
import dev.cairn.swarm.SwarmOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Real nodes on 127.0.0.1, OS-assigned ports, one-second discovery rounds, and a real HTTP client for them. */
public final class Peers {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Peers() {}

    public static Node start(Path dataDir, Node... bootstrap) throws IOException {
        return start(dataDir, SwarmOptions.defaults(), bootstrap);
    }

    public static Node start(Path dataDir, SwarmOptions swarm, Node... bootstrap) throws IOException {
        return start(dataDir, Quota.UNLIMITED, swarm, bootstrap);
    }

    public static Node start(Path dataDir, Quota quota, SwarmOptions swarm, Node... bootstrap) throws IOException {
        List<PeerAddress> peers = new ArrayList<>();
        for (Node b : bootstrap) peers.add(new PeerAddress("127.0.0.1", b.port()));
        return Node.start(NodeSettings.of(dataDir, ServerOptions.defaults("127.0.0.1", 0), quota)
                .withNetwork(NetworkOptions.of(peers, Duration.ofSeconds(1), 50))
                .withSwarm(swarm));
    }

    public static JsonNode getJson(Node node, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    public static HttpResponse<String> post(Node node, String path, String json, boolean authorized) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorized) b.header("Authorization", "Bearer " + token(node));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> upload(Node node, byte[] body, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/items" + query))
                .header("Authorization", "Bearer " + token(node)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static String token(Node node) throws IOException {
        return Files.readString(node.repo().dataDir().resolve("api.token")).strip();
    }

    /** The peer ids a node lists as live. */
    public static List<String> livePeers(Node node) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode p : getJson(node, "/peers")) if (p.get("state").asText().equals("live")) ids.add(p.get("peer_id").asText());
        return ids;
    }
}
