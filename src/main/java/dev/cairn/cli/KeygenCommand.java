package dev.cairn.cli;

import dev.cairn.keys.KeyFiles;
import dev.cairn.keys.KeyIds;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "keygen", description = {"Make an Ed25519 key pair for signing manifests and cluster pin operations.",
        "DIR/NAME.key is the private key, PKCS#8 PEM created with mode 0600 (with a",
        "password: encrypted, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC), and",
        "DIR/NAME.pub the public key. Prints the key id (ed25519:...). Existing",
        "files are never overwritten."})
final class KeygenCommand implements Callable<Integer> {
    @CommandLine.Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Directory for the key files (created if needed).")
    Path dir;

    @CommandLine.Option(names = {"-n", "--name"}, paramLabel = "NAME", required = true, description = "File name of the keys, without extension.")
    String name;

    @CommandLine.Mixin
    PasswordOptions password;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}")) {
            throw new ErrorHandler.UsageException("--name: '" + name + "' is not a plain file name (letters, digits, '.', '_', '-'; not starting with '.')");
        }
        Path key = dir.resolve(name + ".key");
        Path pub = dir.resolve(name + ".pub");
        // Before asking for a password: typing one for nothing is annoying.
        for (Path f : new Path[] {key, pub}) {
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(f.toString(), null, "already exists; a key is never overwritten");
        }
        char[] pw = password.resolve(spec, "the new key " + key, true);
        try {
            if (pw != null && pw.length == 0) throw new IllegalArgumentException("the password is empty; give one, or leave out --password for an unencrypted key");
            Files.createDirectories(dir);
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            KeyFiles.write(pair, pw, key, pub);
            spec.commandLine().getOut().println(KeyIds.of(pair.getPublic()));
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("wrote " + key + (pw == null ? " (not encrypted)" : " (encrypted)") + " and " + pub);
        } finally {
            if (pw != null) Arrays.fill(pw, '\0');
        }
        return 0;
    }
}
