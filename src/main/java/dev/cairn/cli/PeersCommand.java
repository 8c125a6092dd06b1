package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "peers", description = {"The running node's peers: '<peer id>  <address>  <state>  <rtt>  <score>  <items>'.",
        "With --json, GET /peers as it is."})
final class PeersCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--json", description = "Print JSON.")
    boolean asJson;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NodeClient node = CairnCommand.node(spec).orElseThrow(() -> new java.io.IOException(
                "no node is running on this data directory; start one with cairn start"));
        JsonNode peers = node.getJson("/peers");
        PrintWriter out = spec.commandLine().getOut();
        if (asJson) {
            out.println(peers.toPrettyString());
        } else {
            for (JsonNode p : peers) {
                out.printf("%s  %s  %s  %s  %.2f  %d items%n", p.path("peer_id").asText(), p.path("address").asText(),
                        p.path("state").asText(), p.path("rtt_ms").isNumber() ? p.path("rtt_ms").asDouble() + " ms" : "-",
                        p.path("score").asDouble(), p.path("items").asLong());
            }
        }
        out.flush();
        return 0;
    }
}
