package dev.cairn.cli;

import dev.cairn.net.NodeIdentity;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "id", description = {"Print this node's peer id (made from identity/node.key, created on first use).",
        "It is the libp2p form of the node's Ed25519 public key, so it never changes while the key stays."})
final class IdCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.nio.file.Path dir = CairnCommand.dataDir(spec).resolve();
        java.nio.file.Files.createDirectories(dir);
        spec.commandLine().getOut().println(NodeIdentity.loadOrCreate(dir).peerId());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
