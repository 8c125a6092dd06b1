package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.catalog.Item;
import dev.cairn.catalog.Library;
import dev.cairn.catalog.Metadata;
import dev.cairn.catalog.Tags;
import dev.cairn.content.ImportProfile;
import dev.cairn.manifest.MalformedManifestException;
import dev.cairn.manifest.Manifest;
import dev.cairn.manifest.ManifestCodec;
import dev.cairn.manifest.ManifestFile;
import dev.cairn.manifest.ManifestPaths;
import dev.cairn.manifest.ManifestSigner;
import dev.cairn.manifest.MimeTypes;
import dev.cairn.manifest.Timestamps;
import dev.cairn.replication.ReplicationLevel;
import dev.cairn.store.AddOptions;
import dev.cairn.store.AddResult;
import dev.cairn.store.Repo;
import dev.cairn.util.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "create", description = {"Sign a manifest of files with --key, adding them to Cairn first.",
        "The files are added as 'cairn add' adds them: pinned, each a library item,",
        "through the node if one runs. Directories are walked recursively, each",
        "regular file one entry, with paths relative to the argument's parent.",
        "Writes the manifest to stdout unless -o FILE."})
final class ManifestCreateCommand implements Callable<Integer> {
    @CommandLine.Parameters(arity = "1..*", paramLabel = "PATH")
    List<Path> paths;

    @CommandLine.Option(names = "--key", paramLabel = "FILE", required = true, description = "Private key to sign with (from 'cairn keygen').")
    Path key;

    @CommandLine.Option(names = "--name", paramLabel = "N", required = true, description = "Manifest name (what sequences count for).")
    String name;

    @CommandLine.Option(names = "--version", paramLabel = "V", required = true, description = "Version label, such as 1.0.0.")
    String version;

    @CommandLine.Option(names = "--sequence", paramLabel = "N",
            description = "Sequence number (default: one more than -o FILE's, if that is a manifest of the same name; else 1).")
    Long sequence;

    @CommandLine.Option(names = "--expires", paramLabel = "DURATION|TIME", description = "Expiry: a duration from now (30d, 12h) or an RFC 3339 time.")
    String expires;

    @CommandLine.Option(names = "--level", paramLabel = "L", description = "critical, important, standard or ephemeral (default: not stated, meaning standard).")
    String level;

    @CommandLine.Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata entry (repeatable).")
    Map<String, String> meta;

    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the manifest here (replaced atomically) instead of stdout.")
    Path output;

    @CommandLine.Option(names = {"-H", "--hidden"}, description = "Include files and directories whose names start with a dot.")
    boolean hidden;

    @CommandLine.Option(names = "--profile", paramLabel = "P", defaultValue = "unixfs-v1-2025",
            description = "Import profile, as for 'cairn add' (default unixfs-v1-2025).")
    String profile;

    @CommandLine.Mixin
    PasswordOptions password;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Everything that can be wrong with the options is found before any content is added.
        ImportProfile importProfile = importProfile();
        Map<String, String> metadata = meta == null ? Map.of() : new TreeMap<>(meta);
        try {
            ManifestCodec.checkLabel("--name", name);
            ManifestCodec.checkLabel("--version", version);
            for (var e : metadata.entrySet()) ManifestCodec.checkMetadata(e.getKey(), e.getValue());
        } catch (MalformedManifestException e) {
            throw new ErrorHandler.UsageException(e.getMessage().replaceFirst("^metadata\\.", "--meta "));
        }
        ReplicationLevel lvl = parseLevel();
        if (sequence != null && sequence < 0) throw new ErrorHandler.UsageException("--sequence must not be negative");
        Instant created = Instant.now();
        Instant expiry = parseExpires(created);
        List<ManifestPaths.Source> sources = ManifestPaths.collect(paths, hidden);
        ManifestSigner signer = signer();
        long seq = sequence != null ? sequence : nextSequence();

        List<ManifestFile> files = add(sources, importProfile);
        Manifest signed = signer.sign(Manifest.unsigned(name, version, seq, created, expiry, lvl, files, metadata));
        byte[] json = ManifestCodec.write(signed);
        try {
            ManifestCodec.parse(json); // what create writes, verify must read
        } catch (MalformedManifestException e) {
            throw new IllegalStateException("the manifest came out malformed: " + e.getMessage(), e);
        }
        if (output == null) {
            spec.commandLine().getOut().print(new String(json, StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
        } else {
            writeAtomically(output, json);
        }
        spec.commandLine().getErr().println("signed " + name + " " + version + " sequence " + seq + " (" + files.size()
                + (files.size() == 1 ? " file" : " files") + ") with " + signer.keyId() + (output == null ? "" : " to " + output));
        return 0;
    }

    private ImportProfile importProfile() {
        try {
            return ImportProfile.named(profile);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--profile: " + e.getMessage());
        }
    }

    private ReplicationLevel parseLevel() {
        if (level == null) return null;
        try {
            return ManifestCodec.level(level);
        } catch (IllegalArgumentException e) {
            throw new ErrorHandler.UsageException("--level: " + e.getMessage());
        }
    }

    private Instant parseExpires(Instant created) {
        if (expires == null) return null;
        Instant at;
        try {
            at = expires.matches("(\\d+(ms|s|m|h|d))+") ? created.plus(Durations.parse(expires)) : OffsetDateTime.parse(expires).toInstant();
            at = Timestamps.parse(Timestamps.format(at)); // whole seconds, and a year the manifest form can hold
        } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
            throw new ErrorHandler.UsageException("--expires: '" + expires
                    + "' is neither a duration (30d, 12h, 1h30m) nor an RFC 3339 time (2026-01-01T00:00:00Z) before year 10000");
        }
        if (!at.isAfter(created)) throw new ErrorHandler.UsageException("--expires: " + Timestamps.format(at) + " is not in the future");
        return at;
    }

    private ManifestSigner signer() throws IOException {
        return new ManifestSigner(password.readPrivateKey(spec, key).getPrivate());
    }

    /** One more than the sequence of the manifest -o replaces, if it is one of the same name; else 1. */
    private long nextSequence() {
        if (output == null || !Files.isRegularFile(output)) return 1;
        try {
            Manifest previous = ManifestCodec.parse(Files.readAllBytes(output));
            return previous.name().equals(name) ? previous.sequence() + 1 : 1;
        } catch (IOException | MalformedManifestException e) {
            return 1;
        }
    }

    /** Adds the files as 'cairn add' would (through the node when one runs, else to the repository) and describes them. */
    private List<ManifestFile> add(List<ManifestPaths.Source> sources, ImportProfile importProfile) throws Exception {
        Optional<NodeClient> node = CairnCommand.node(spec);
        List<ManifestFile> files = new ArrayList<>();
        if (node.isPresent()) {
            for (ManifestPaths.Source s : sources) {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("name", s.file().getFileName().toString());
                params.put("profile", profile);
                JsonNode item = AddCommand.upload(node.get(), s.file(), params);
                String mime = item.path("mime").isTextual() ? item.get("mime").asText() : null;
                files.add(new ManifestFile(s.path(), dev.cairn.content.Cid.parse(item.get("cid").asText()), item.get("size").asLong(),
                        item.get("content_hash").asText(), MimeTypes.of(s.file(), mime)));
            }
            return files;
        }
        List<Path> onDisk = sources.stream().map(ManifestPaths.Source::file).toList();
        long total = 0;
        for (Path p : onDisk) total += Files.size(p);
        Library.Added added;
        try (Repo repo = CairnCommand.openRepo(spec); Progress progress = Progress.forTerminal("adding", total)) {
            added = new Library(repo, Tags.SOURCE).addPaths(onDisk, new AddOptions(importProfile, false, false, true, true),
                    Metadata.NONE, progress::update);
        }
        // Library.addPaths makes one item per file entry, in the order of the entries, which follow the paths.
        List<AddResult.Entry> entries = added.result().entries().stream().filter(e -> !e.directory()).toList();
        for (int i = 0; i < sources.size(); i++) {
            Item item = added.items().get(i);
            AddResult.Entry entry = entries.get(i);
            if (!entry.path().equals(sources.get(i).file())) throw new IllegalStateException("add result out of order at " + entry.path());
            files.add(new ManifestFile(sources.get(i).path(), item.cid(), item.size(), item.sha256(), MimeTypes.of(entry.path(), item.mime())));
        }
        return files;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
