package dev.cairn.cli;

import dev.cairn.keys.TrustedKeys;
import dev.cairn.manifest.BlockContentCheck;
import dev.cairn.manifest.ContentCheck;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.ManifestSequences;
import dev.cairn.manifest.ManifestVerifier;
import dev.cairn.manifest.Rejection;
import dev.cairn.manifest.VerifyResult;
import dev.cairn.store.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "verify", description = {"Verify a signed manifest: signature, trusted signer, expiry, sequence, content.",
        "Checks that it is well-formed, signed by the key it names, that this key is",
        "trusted, that it has not expired, that no higher sequence of its name was",
        "accepted here, and with --check-content that each file's content is stored",
        "here as stated. Prints 'OK <name> <version> <sequence> <signer>', or the",
        "reason on stderr. Needs no data directory and never creates one."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:accepted", "1:rejected (the reason, such as BAD_SIGNATURE, on stderr), or not checkable", "2:usage error"})
final class ManifestVerifyCommand implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "FILE")
    Path file;

    @CommandLine.Option(names = "--trusted-keys", paramLabel = "DIR",
            description = "Trust the public keys (*.pub) in DIR (default: <data-dir>/trusted-keys/ if it exists, else none).")
    Path trustedKeys;

    @CommandLine.Option(names = "--check-content", description = "Read each file's content locally (by CID) and check its size and SHA-256.")
    boolean checkContent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] json = read(file);
        Path dataDir = CairnCommand.dataDir(spec).resolve();
        TrustedKeys trusted = trusted(dataDir);
        Optional<NodeClient> node = CairnCommand.node(spec);
        Path db = dataDir.resolve("cairn.db");
        VerifyResult result;
        if (node.isPresent()) {
            // The node owns the database: read what it has seen, record nothing (docs/MANIFESTS.md).
            try (ManifestSequences seen = Files.exists(db) ? ManifestSequences.openReadOnly(db) : null) {
                ContentCheck content = checkContent ? new BlockContentCheck(new GatewayBlocks(node.get(), true)) : null;
                result = verifier(trusted, seen).verify(json, content);
            }
        } else if (Files.exists(db) || Files.isDirectory(dataDir.resolve("blocks"))) {
            try (Repo repo = CairnCommand.openRepo(spec)) {
                ContentCheck content = checkContent ? new BlockContentCheck(repo.blocks()) : null;
                result = verifier(trusted, new ManifestSequences(repo.database())).verify(json, content);
            }
        } else {
            // No repository: nothing to remember sequences in, no content to read, and none is created to verify.
            ContentCheck nothingStored = cid -> Optional.empty();
            result = verifier(trusted, null).verify(json, checkContent ? nothingStored : null);
            if (result.rejection() == Rejection.CONTENT_MISSING) {
                result = new VerifyResult(result.manifest(), result.rejection(), result.message() + " (no repository in " + dataDir + ")");
            }
        }
        if (result.ok()) {
            spec.commandLine().getOut().println(result.message());
            spec.commandLine().getOut().flush();
            return 0;
        }
        spec.commandLine().getErr().println("cairn: " + file + ": " + result.rejection() + ": " + result.message());
        spec.commandLine().getErr().flush();
        return ErrorHandler.FAILURE;
    }

    private static ManifestVerifier verifier(TrustedKeys trusted, ManifestSequences sequences) {
        return new ManifestVerifier(trusted, sequences, Clock.systemUTC());
    }

    private TrustedKeys trusted(Path dataDir) throws IOException {
        if (trustedKeys != null) return TrustedKeys.fromDirectory(trustedKeys);
        Path configured = dataDir.resolve("trusted-keys");
        if (Files.isDirectory(configured)) return TrustedKeys.fromDirectory(configured);
        return TrustedKeys.none("no key is trusted without --trusted-keys DIR or .pub files in " + configured);
    }

    /** The file, or its first MAX_BYTES + 1 bytes, which the parser then refuses as too large. */
    private static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(ManifestCodec.MAX_BYTES + 1);
        }
    }
}
