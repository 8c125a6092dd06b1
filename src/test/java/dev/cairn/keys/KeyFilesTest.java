package dev.cairn.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.util.Ed25519;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.spec.PBEParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    @TempDir
    Path dir;

    static KeyPair newPair() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @Test
    void a_plain_key_reads_back_with_the_same_public_key_and_key_id() throws Exception {
        KeyPair pair = newPair();
        KeyFiles.write(pair, null, dir.resolve("a.key"), dir.resolve("a.pub"));
        assertThat(Files.readString(dir.resolve("a.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(dir.resolve("a.pub"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(KeyFiles.isEncrypted(dir.resolve("a.key"))).isFalse();

        KeyPair back = KeyFiles.readPrivate(dir.resolve("a.key"), null);
        assertThat(back.getPrivate().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(back.getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(KeyFiles.readPublic(dir.resolve("a.pub")).getEncoded()).isEqualTo(pair.getPublic().getEncoded());

        String id = KeyIds.of(pair.getPublic());
        assertThat(id).startsWith("ed25519:").hasSize("ed25519:".length() + 43);
        assertThat(Base64.getUrlDecoder().decode(id.substring(8))).isEqualTo(Ed25519.raw(pair.getPublic()));
        assertThat(KeyIds.publicKey(id).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void the_private_key_file_is_created_0600_and_the_public_one_0644() throws Exception {
        KeyFiles.write(newPair(), "pw".toCharArray(), dir.resolve("a.key"), dir.resolve("a.pub"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.pub")))).isIn("rw-r--r--", "rw-------", "rw-r-----");
    }

    @Test
    void an_encrypted_key_is_pbes2_with_at_least_200000_iterations_and_needs_its_password() throws Exception {
        KeyPair pair = newPair();
        Path key = dir.resolve("e.key");
        KeyFiles.write(pair, "correct horse".toCharArray(), key, dir.resolve("e.pub"));
        assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
        assertThat(KeyFiles.isEncrypted(key)).isTrue();

        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(Pem.parse(Files.readString(key)).der());
        assertThat(info.getAlgParameters().getAlgorithm()).isEqualTo("PBES2");
        assertThat(info.getAlgParameters().toString()).isEqualTo("PBEWithHmacSHA256AndAES_256");
        PBEParameterSpec params = info.getAlgParameters().getParameterSpec(PBEParameterSpec.class);
        assertThat(params.getIterationCount()).isGreaterThanOrEqualTo(200_000);
        assertThat(params.getSalt()).hasSize(16);

        assertThat(KeyFiles.readPrivate(key, "correct horse".toCharArray()).getPublic().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThatThrownBy(() -> KeyFiles.readPrivate(key, null)).isInstanceOf(KeyPasswordException.class)
                .hasMessage("key " + key + " is encrypted: give its password with --password or --password-env VAR");
        assertThatThrownBy(() -> KeyFiles.readPrivate(key, "battery staple".toCharArray())).isInstanceOf(KeyPasswordException.class)
                .hasMessage("wrong password for key " + key);
        assertThatThrownBy(() -> KeyFiles.readPrivate(key, new char[0])).hasMessage("wrong password for key " + key);
    }

    @Test
    void two_encryptions_of_one_key_differ_in_salt_and_iv() throws Exception {
        KeyPair pair = newPair();
        byte[] a = KeyFiles.encrypt(pair.getPrivate().getEncoded(), "pw".toCharArray());
        byte[] b = KeyFiles.encrypt(pair.getPrivate().getEncoded(), "pw".toCharArray());
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void existing_files_are_never_overwritten() throws Exception {
        Path pub = Files.writeString(dir.resolve("a.pub"), "keep me");
        assertThatThrownBy(() -> KeyFiles.write(newPair(), null, dir.resolve("a.key"), pub)).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("a.pub").hasMessageContaining("never overwritten");
        assertThat(dir.resolve("a.key")).doesNotExist();
        assertThat(Files.readString(pub)).isEqualTo("keep me");
    }

    @Test
    void files_that_are_not_the_right_keys_are_named_in_the_error() throws Exception {
        KeyFiles.write(newPair(), null, dir.resolve("a.key"), dir.resolve("a.pub"));
        assertThatThrownBy(() -> KeyFiles.readPrivate(dir.resolve("a.pub"), null))
                .hasMessageContaining("a.pub").hasMessageContaining("found PUBLIC KEY");
        assertThatThrownBy(() -> KeyFiles.readPublic(dir.resolve("a.key")))
                .hasMessageContaining("a.key").hasMessageContaining("expected a PEM PUBLIC KEY, found PRIVATE KEY");
        Path text = Files.writeString(dir.resolve("t.pub"), "hello\n");
        assertThatThrownBy(() -> KeyFiles.readPublic(text)).hasMessageContaining("t.pub").hasMessageContaining("not a PEM file");
        Path rsa = Files.writeString(dir.resolve("rsa.pub"), new Pem("PUBLIC KEY",
                KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded()).encode());
        assertThatThrownBy(() -> KeyFiles.readPublic(rsa)).hasMessageContaining("is not an Ed25519 public key");
    }

    @Test
    void a_private_key_derives_the_public_key_the_jdk_generated_with_it() throws Exception {
        for (int i = 0; i < 20; i++) {
            KeyPair pair = newPair();
            assertThat(Ed25519.publicKeyOf(pair.getPrivate()).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        }
    }

    @Test
    void key_ids_are_checked_strictly() {
        assertThatThrownBy(() -> KeyIds.publicKey("rsa:abc")).hasMessageContaining("is not a key id");
        assertThatThrownBy(() -> KeyIds.publicKey("ed25519:abc")).hasMessageContaining("holds 2 bytes, not 32");
        String padded = "ed25519:" + Base64.getUrlEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(() -> KeyIds.publicKey(padded)).hasMessageContaining("base64url");
    }
}
