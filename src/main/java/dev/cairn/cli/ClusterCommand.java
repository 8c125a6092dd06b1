package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.replication.MemberCert;
import dev.cairn.util.Durations;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "cluster", description = "The replication cluster: admit nodes to an operator-key cluster, list the members.",
        subcommands = {ClusterCommand.Admit.class, ClusterCommand.Members.class})
final class ClusterCommand {

    @Command(name = "admit", description = {"Admit a node to a cluster of operator keys: write a membership certificate for its",
            "peer id (cairn id on that node prints it), signed with an operator's key. Give the file to",
            "that node as replication.member_cert; every node that trusts the key accepts it.",
            "Needs no running node."})
    static final class Admit implements Callable<Integer> {
        @CommandLine.Parameters(paramLabel = "PEER_ID", description = "The node's peer id (12D3KooW...).")
        String peerId;

        @CommandLine.Option(names = "--key", paramLabel = "FILE", required = true, description = "The operator's private key (from cairn keygen).")
        Path key;

        @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the certificate here (never over an existing file); default: print it.")
        Path output;

        @CommandLine.Option(names = "--valid-for", paramLabel = "DURATION",
                description = "How long the certificate holds, like 365d or 12h; default: until the operator key is no longer trusted.")
        String validFor;

        @CommandLine.Mixin
        PasswordOptions password;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Duration valid = null;
            if (validFor != null) {
                try {
                    valid = Durations.parse(validFor);
                } catch (IllegalArgumentException e) {
                    throw new ErrorHandler.UsageException("--valid-for: " + e.getMessage());
                }
                if (valid.isZero() || valid.isNegative()) throw new ErrorHandler.UsageException("--valid-for must be positive");
            }
            if (output != null && Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.FileAlreadyExistsException(output.toString(), null, "already exists; a certificate is never overwritten");
            }
            MemberCert cert;
            try {
                cert = MemberCert.issue(password.readPrivateKey(spec, key), peerId, valid);
            } catch (IllegalArgumentException e) {
                throw new ErrorHandler.UsageException(e.getMessage());
            }
            if (output == null) {
                spec.commandLine().getOut().print(cert.toPrettyString());
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(output, cert.toPrettyString(), java.nio.file.StandardOpenOption.CREATE_NEW);
                spec.commandLine().getErr().println("wrote " + output + ": " + peerId + " admitted by " + cert.signer()
                        + (cert.expires() == null ? "" : " until " + cert.expires()));
            }
            return 0;
        }
    }

    @Command(name = "members", description = "Show the cluster this node is in and the members it hears from (needs the running node).")
    static final class Members implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            NodeClient node = CairnCommand.runningNode(spec, "cluster members needs");
            JsonNode c = node.getJson("/api/v1/cluster");
            PrintWriter out = spec.commandLine().getOut();
            if (!c.hasNonNull("cluster_id")) {
                out.println("this node is in no cluster");
            } else {
                out.println("cluster " + c.get("cluster_id").asText() + " (" + c.path("kind").asText() + ")"
                        + (c.hasNonNull("signer") ? ", signs as " + c.get("signer").asText() : ", cannot sign pin operations"));
                out.println(c.path("peer_id").asText() + " (this node)");
                for (JsonNode m : c.path("members")) {
                    out.println(m.path("peer_id").asText() + " " + m.path("address").asText() + (m.path("alive").asBoolean() ? " alive" : " silent")
                            + " holds " + m.path("holds").asInt() + " last " + m.path("last_contact").asText());
                }
            }
            out.flush();
            return 0;
        }
    }
}
