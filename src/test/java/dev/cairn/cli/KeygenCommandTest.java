package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.keys.KeyFiles;
import dev.cairn.keys.KeyIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn keygen} in-process, with the environment given per test (the test JVM has no terminal). */
class KeygenCommandTest {
    @TempDir
    Path dir;

    InProcessCairn cairn(Map<String, String> env) {
        return new InProcessCairn(dir.resolve("data"), env);
    }

    Path keys() {
        return dir.resolve("keys");
    }

    @Test
    void keygen_writes_a_0600_private_key_and_a_public_key_and_prints_the_key_id() throws Exception {
        var r = cairn(Map.of()).run("keygen", "-o", keys().toString(), "-n", "alice");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Path key = keys().resolve("alice.key");
        Path pub = keys().resolve("alice.pub");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(r.lines()).containsExactly(KeyIds.of(KeyFiles.readPublic(pub)));
        assertThat(r.stderr()).contains("(not encrypted)");
        assertThat(dir.resolve("data")).as("keygen needs no data directory").doesNotExist();
    }

    @Test
    void keygen_refuses_to_overwrite_either_file() throws Exception {
        assertThat(cairn(Map.of()).run("keygen", "-o", keys().toString(), "-n", "alice").exitCode()).isZero();
        String before = Files.readString(keys().resolve("alice.key"));
        var again = cairn(Map.of()).run("keygen", "-o", keys().toString(), "-n", "alice");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).isEqualTo("cairn: " + keys().resolve("alice.key") + ": already exists; a key is never overwritten\n");
        assertThat(Files.readString(keys().resolve("alice.key"))).isEqualTo(before);

        Files.delete(keys().resolve("alice.key"));
        var pubLeft = cairn(Map.of()).run("keygen", "-o", keys().toString(), "-n", "alice");
        assertThat(pubLeft.stderr()).contains("alice.pub: already exists");
        assertThat(keys().resolve("alice.key")).doesNotExist();
    }

    @Test
    void password_from_a_named_environment_variable_encrypts_the_key() throws Exception {
        var r = cairn(Map.of("SIGNING_PW", "s3cret")).run("keygen", "-o", keys().toString(), "-n", "ci", "--password-env", "SIGNING_PW");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Path key = keys().resolve("ci.key");
        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(KeyIds.of(KeyFiles.readPrivate(key, "s3cret".toCharArray()).getPublic())).isEqualTo(r.lines().getFirst());

        var unset = cairn(Map.of()).run("keygen", "-o", keys().toString(), "-n", "other", "--password-env", "SIGNING_PW");
        assertThat(unset.exitCode()).isEqualTo(1);
        assertThat(unset.stderr()).isEqualTo("cairn: --password-env: environment variable SIGNING_PW is not set\n");
        var empty = cairn(Map.of("SIGNING_PW", "")).run("keygen", "-o", keys().toString(), "-n", "other", "--password-env", "SIGNING_PW");
        assertThat(empty.stderr()).contains("the password is empty");
        assertThat(keys().resolve("other.key")).doesNotExist();
    }

    @Test
    void a_bare_password_flag_without_a_terminal_reads_cairn_key_password() throws Exception {
        var r = cairn(Map.of("CAIRN_KEY_PASSWORD", "from-env")).run("keygen", "--password", "-o", keys().toString(), "-n", "bot");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(KeyFiles.readPrivate(keys().resolve("bot.key"), "from-env".toCharArray())).isNotNull();

        var none = cairn(Map.of()).run("keygen", "-o", keys().toString(), "-n", "bot2", "--password");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).isEqualTo("cairn: --password: there is no terminal to ask on; set CAIRN_KEY_PASSWORD or use --password-env VAR\n");
        var both = cairn(Map.of("X", "y")).run("keygen", "-o", keys().toString(), "-n", "bot2", "--password", "--password-env", "X");
        assertThat(both.exitCode()).isEqualTo(2);
    }

    @Test
    void bad_names_are_usage_errors() {
        var r = cairn(Map.of()).run("keygen", "-o", keys().toString(), "-n", "../evil");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("is not a plain file name");
    }

    /** The one check that needs an outside tool: OpenSSL reads the keys Cairn writes, and Cairn reads OpenSSL's. */
    @Test
    void openssl_reads_the_encrypted_key_and_cairn_reads_openssl_s() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        assumeTrue(Files.isExecutable(openssl), "no /usr/bin/openssl");
        var r = cairn(Map.of("PW", "open sesame")).run("keygen", "-o", keys().toString(), "-n", "alice", "--password-env", "PW");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Path key = keys().resolve("alice.key");
        assertThat(run(openssl.toString(), "pkey", "-in", key.toString(), "-passin", "pass:open sesame", "-noout").exit()).isZero();
        assertThat(run(openssl.toString(), "pkey", "-in", key.toString(), "-passin", "pass:wrong", "-noout").exit()).isNotZero();
        // OpenSSL derives the same public key from the private one as Cairn wrote beside it
        Run pub = run(openssl.toString(), "pkey", "-in", key.toString(), "-passin", "pass:open sesame", "-pubout");
        assertThat(pub.stdout()).isEqualTo(Files.readString(keys().resolve("alice.pub")));

        Path theirs = dir.resolve("theirs.key");
        assertThat(run(openssl.toString(), "genpkey", "-algorithm", "ed25519", "-aes-256-cbc", "-pass", "pass:pw", "-out", theirs.toString()).exit())
                .isZero();
        Path theirsPub = dir.resolve("theirs.pub");
        assertThat(run(openssl.toString(), "pkey", "-in", theirs.toString(), "-passin", "pass:pw", "-pubout", "-out", theirsPub.toString()).exit())
                .isZero();
        assertThat(KeyFiles.readPrivate(theirs, "pw".toCharArray()).getPublic().getEncoded()).isEqualTo(KeyFiles.readPublic(theirsPub).getEncoded());
    }

    record Run(int exit, String stdout) {}

    static Run run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
