package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.keys.KeyIds;
import dev.cairn.replication.PinOp;
import dev.cairn.util.Ed25519;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import dev.cairn.content.Cid;
import dev.cairn.store.Pin;
import dev.cairn.store.Repo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "pin", description = "Keep content from garbage collection, on this node or across the replication cluster.",
        subcommands = {PinCommand.Add.class, PinCommand.Rm.class, PinCommand.Ls.class, PinCommand.Status.class})
final class PinCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Has the node draft the cluster operation {@code request} describes, checks that the draft is
     * that operation, signs it with the operator key in {@code keyFile} and submits it. The key
     * never leaves this process; the node only ever sees the signature.
     */
    static JsonNode signAndSubmit(NodeClient client, ObjectNode request, Path keyFile, PasswordOptions password,
            CommandLine.Model.CommandSpec spec) throws IOException {
        KeyPair pair = password.readPrivateKey(spec, keyFile);
        String signer = KeyIds.of(pair.getPublic());
        request.put("signer", signer);
        PinOp draft = PinOp.fromJson(client.postJson("/api/v1/cluster/ops/draft", NodeClient.Body.of(request.toString())));
        // A draft is signed as it comes back: make sure it is the operation that was asked for, not another one.
        Cid asked = Cid.parse(request.get("cid").asText()).toV1();
        boolean same = draft.cid().equals(asked) && draft.action().name().equalsIgnoreCase(request.get("action").asText())
                && draft.signer().equals(signer) && draft.signature().isEmpty()
                && (!request.has("replicas") || draft.replicas() == request.get("replicas").asInt())
                && (!request.has("level") || request.get("level").asText().equalsIgnoreCase(String.valueOf(draft.level())))
                && (!request.has("name") || request.get("name").asText().equals(draft.name()));
        if (!same) throw new IOException("the node drafted another operation than the one asked for; nothing was signed: " + draft.toJson());
        PinOp signed = draft.signedAs(signer, m -> Ed25519.sign(pair.getPrivate(), m));
        return client.postJson("/api/v1/cluster/ops", NodeClient.Body.of(signed.toJson().toString()));
    }

    @Command(name = "add", description = {"Pin a CID: locally (recursively, unless --direct; its blocks must be stored),",
            "or across the cluster with --level or --replicas (needs a running node in a cluster; the content may be on any peer)."})
    static final class Add implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "CID")
        Cid cid;

        @CommandLine.Option(names = "--direct", description = "Pin only this block, not what it links to (local pins).")
        boolean direct;

        @CommandLine.Option(names = "--name", description = "A label shown by 'pin ls'.")
        String name;

        @CommandLine.Option(names = "--level", paramLabel = "LEVEL",
                description = "Cluster pin at a replication level: critical (5 copies), important (3), standard (2), ephemeral (1).")
        String level;

        @CommandLine.Option(names = "--replicas", paramLabel = "N", description = "Cluster pin kept by N nodes.")
        Integer replicas;

        @CommandLine.Option(names = "--key", paramLabel = "FILE",
                description = "Sign the cluster pin with this operator key, for a cluster of operator keys whose node holds none.")
        Path key;

        @CommandLine.Mixin
        PasswordOptions password;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var node = CairnCommand.node(spec);
            PrintWriter out = spec.commandLine().getOut();
            if (key != null && level == null && replicas == null) throw new ErrorHandler.UsageException("--key signs cluster pins: give --level or --replicas");
            if (level != null || replicas != null) {
                if (direct) throw new CommandLine.ParameterException(spec.commandLine(), "--direct is for local pins only");
                NodeClient client = CairnCommand.running(node, "cluster pins need");
                if (key != null) {
                    ObjectNode request = JSON.createObjectNode().put("cid", cid.toString()).put("action", "add");
                    if (level != null) request.put("level", level);
                    if (replicas != null) request.put("replicas", replicas);
                    if (name != null) request.put("name", name);
                    JsonNode s = signAndSubmit(client, request, key, password, spec);
                    out.println(clusterPinLine(cid, s) + ", signed by " + s.path("signer").asText(""));
                    out.flush();
                    return 0;
                }
                Map<String, String> q = new LinkedHashMap<>();
                if (level != null) q.put("level", level);
                if (replicas != null) q.put("replicas", replicas.toString());
                if (name != null) q.put("name", name);
                JsonNode s = client.postJson("/api/v1/pins/" + cid + NodeClient.query(q), NodeClient.Body.NONE);
                out.println(clusterPinLine(cid, s));
                out.flush();
                return 0;
            }
            if (node.isPresent()) {
                node.get().postJson("/api/v1/pins/" + cid + NodeClient.query(Map.of("recursive", Boolean.toString(!direct)))
                        + (name == null ? "" : "&name=" + NodeClient.enc(name)), NodeClient.Body.NONE);
            } else {
                try (Repo repo = CairnCommand.openRepo(spec)) {
                    repo.pin(cid, direct ? Pin.Mode.DIRECT : Pin.Mode.RECURSIVE, name);
                }
            }
            out.println("pinned " + cid + (direct ? " directly" : " recursively"));
            out.flush();
            return 0;
        }
    }

    /** {@code cluster pin <cid>: N replicas (level), state}, from a pin status. */
    private static String clusterPinLine(Cid cid, JsonNode status) {
        return "cluster pin " + cid + ": " + status.path("replicas").asInt() + " replicas"
                + (status.hasNonNull("level") ? " (" + status.get("level").asText() + ")" : "") + ", " + status.path("state").asText();
    }

    @Command(name = "rm", description = {"Unpin a CID: its cluster pin if it has one (every holder releases its copy), else its local pin.",
            "Blocks go at the next gc."})
    static final class Rm implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "CID")
        Cid cid;

        @CommandLine.Option(names = "--local", description = "Remove the local pin even when the CID also has a cluster pin.")
        boolean local;

        @CommandLine.Option(names = "--key", paramLabel = "FILE",
                description = "Sign the removal of the cluster pin with this operator key, for a cluster of operator keys whose node holds none.")
        Path key;

        @CommandLine.Mixin
        PasswordOptions password;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var node = CairnCommand.node(spec);
            if (key != null) {
                if (local) throw new ErrorHandler.UsageException("--key signs the removal of a cluster pin; --local removes a local one");
                NodeClient client = CairnCommand.running(node, "cluster pins need");
                signAndSubmit(client, JSON.createObjectNode().put("cid", cid.toString()).put("action", "remove"), key, password, spec);
            } else if (node.isPresent()) {
                node.get().delete("/api/v1/pins/" + cid + (local ? "?scope=local" : ""));
            } else {
                try (Repo repo = CairnCommand.openRepo(spec)) {
                    if (!repo.unpin(cid)) throw new IllegalArgumentException(cid + " is not pinned");
                }
            }
            spec.commandLine().getOut().println("unpinned " + cid);
            return 0;
        }
    }

    @Command(name = "ls", description = {"List pins: '<cid> <recursive|direct> [name]' for local pins,",
            "'<cid> cluster <state> <holders>/<replicas> [level] [name]' for cluster pins."})
    static final class Ls implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var node = CairnCommand.node(spec);
            if (node.isPresent()) {
                for (JsonNode p : node.get().getJson("/api/v1/pins")) {
                    if (p.path("scope").asText().equals("cluster")) {
                        out.println(p.get("cid").asText() + " cluster " + p.path("state").asText() + " " + p.path("holders").size() + "/"
                                + p.path("replicas").asInt() + (p.hasNonNull("level") ? " " + p.get("level").asText() : "")
                                + (p.hasNonNull("name") ? " " + p.get("name").asText() : ""));
                    } else {
                        out.println(p.get("cid").asText() + " " + p.get("mode").asText() + (p.hasNonNull("name") ? " " + p.get("name").asText() : ""));
                    }
                }
            } else {
                try (Repo repo = CairnCommand.openRepo(spec)) {
                    for (Pin p : repo.pins().list()) {
                        out.println(p.cid() + " " + p.mode().label() + (p.name() == null ? "" : " " + p.name()));
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", description = "Show a pin's state, level and which nodes hold it (--json for the API's answer).")
    static final class Status implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "CID")
        Cid cid;

        @CommandLine.Option(names = "--json", description = "Print the JSON the API returns.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            var node = CairnCommand.node(spec);
            if (node.isEmpty()) {
                try (Repo repo = CairnCommand.openRepo(spec)) {
                    Pin p = repo.pins().get(cid).orElseThrow(() -> new IllegalArgumentException(cid + " is not pinned"));
                    out.println(cid + ": pinned locally (" + p.mode().label() + "); no node runs, so cluster state is unknown");
                }
                out.flush();
                return 0;
            }
            JsonNode s = node.get().getJson("/api/v1/pins/" + cid);
            if (json) {
                out.println(s.toPrettyString());
            } else {
                out.println(cid);
                out.println("  state:    " + s.path("state").asText() + ("cluster".equals(s.path("scope").asText()) ? "" : " (local pin)"));
                if (s.hasNonNull("level")) out.println("  level:    " + s.get("level").asText());
                out.println("  replicas: " + s.path("replicas").asInt() + " wanted, " + s.path("holders").size() + " held");
                for (JsonNode h : s.path("holders")) out.println("  holder:   " + h.asText());
                if (s.hasNonNull("reason")) out.println("  reason:   " + s.get("reason").asText());
                if (s.hasNonNull("error")) out.println("  error:    " + s.get("error").asText());
            }
            out.flush();
            return 0;
        }
    }
}
