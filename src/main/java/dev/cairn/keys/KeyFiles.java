package dev.cairn.keys;

import dev.cairn.util.Ed25519;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Ed25519 key files as OpenSSL reads and writes them: the private key as PKCS#8 PEM
 * ({@code PRIVATE KEY}) or encrypted PKCS#8 PEM ({@code ENCRYPTED PRIVATE KEY}: PBES2 with
 * PBKDF2-HMAC-SHA256 and AES-256-CBC), the public key as X.509 SubjectPublicKeyInfo PEM
 * ({@code PUBLIC KEY}). Only JDK cryptography is used.
 */
public final class KeyFiles {
    /** PBKDF2 rounds for new keys: OWASP's 2023 figure for PBKDF2-HMAC-SHA256, about 0.4 s here. */
    public static final int PBKDF2_ITERATIONS = 600_000;
    /** A file asking for more rounds than this is refused: reading it would hang the command. */
    static final int MAX_ITERATIONS = 10_000_000;
    private static final String PBE = "PBEWithHmacSHA256AndAES_256";
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String ENCRYPTED = "ENCRYPTED PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private KeyFiles() {}

    /** Whether the private key in {@code file} is encrypted (so needs a password). */
    public static boolean isEncrypted(Path file) throws IOException {
        return read(file).label().equals(ENCRYPTED);
    }

    /**
     * The key pair of the private key in {@code file}, the public half derived from it.
     * {@code password} is needed only for an encrypted key (null otherwise).
     */
    public static KeyPair readPrivate(Path file, char[] password) throws IOException {
        Pem pem = read(file);
        byte[] pkcs8 = switch (pem.label()) {
            case PRIVATE -> pem.der();
            case ENCRYPTED -> {
                if (password == null) throw new KeyPasswordException(KeyPasswordException.Problem.MISSING, file);
                yield decrypt(file, pem.der(), password);
            }
            default -> throw new IOException("key " + file + ": expected a PEM " + PRIVATE + " or " + ENCRYPTED + ", found " + pem.label());
        };
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new KeyPair(Ed25519.publicKeyOf(key), key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("key " + file + " is not an Ed25519 private key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    public static PublicKey readPublic(Path file) throws IOException {
        Pem pem = read(file);
        if (!pem.label().equals(PUBLIC)) throw new IOException("key " + file + ": expected a PEM " + PUBLIC + ", found " + pem.label());
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(pem.der()));
            if (!Arrays.equals(key.getEncoded(), pem.der())) throw new GeneralSecurityException("trailing or non-canonical bytes");
            return key;
        } catch (GeneralSecurityException e) {
            throw new IOException("key " + file + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a new key pair: the private key to {@code keyFile}, created with mode 0600 (never
     * widened then narrowed), encrypted when {@code password} is not null, and the public key to
     * {@code publicFile}. Neither file may exist; if the second cannot be made, the first is removed.
     */
    public static void write(KeyPair pair, char[] password, Path keyFile, Path publicFile) throws IOException {
        for (Path f : new Path[] {keyFile, publicFile}) {
            if (Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(f.toString(), null, "already exists; a key is never overwritten");
            }
        }
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        String privatePem;
        try {
            privatePem = password == null ? new Pem(PRIVATE, pkcs8).encode() : new Pem(ENCRYPTED, encrypt(pkcs8, password)).encode();
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        createNew(keyFile, privatePem, "rw-------");
        try {
            createNew(publicFile, new Pem(PUBLIC, pair.getPublic().getEncoded()).encode(), "rw-r--r--");
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(keyFile);
            throw e;
        }
    }

    /** Creates {@code file} with {@code mode} from the start (CREATE_NEW: an existing file or link is an error). */
    private static void createNew(Path file, String text, String mode) throws IOException {
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)))) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) ch.write(bytes);
            ch.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(file.toString(), null, "already exists; a key is never overwritten");
        }
    }

    static byte[] encrypt(byte[] pkcs8, char[] password) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        PBEKeySpec spec = new PBEKeySpec(password);
        try {
            SecretKey key = SecretKeyFactory.getInstance(PBE).generateSecret(spec);
            Cipher cipher = Cipher.getInstance(PBE);
            cipher.init(Cipher.ENCRYPT_MODE, key, new PBEParameterSpec(salt, PBKDF2_ITERATIONS, new IvParameterSpec(iv)), random);
            byte[] encrypted = cipher.doFinal(pkcs8);
            // The JDK names these parameters after the cipher, a name with no OID, and EncryptedPrivateKeyInfo
            // refuses it; read back as PBES2 they encode with the PBES2 OID (RFC 8018) that OpenSSL expects.
            AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2");
            pbes2.init(cipher.getParameters().getEncoded());
            return new EncryptedPrivateKeyInfo(pbes2, encrypted).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBES2 with " + PBE + " is part of every JDK 11+: " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] decrypt(Path file, byte[] der, char[] password) throws IOException {
        EncryptedPrivateKeyInfo info;
        AlgorithmParameters params;
        String algorithm;
        try {
            info = new EncryptedPrivateKeyInfo(der);
            params = info.getAlgParameters();
            if (params == null) throw new IOException("no encryption parameters");
            // For PBES2 the JDK gives the cipher's name (PBEWithHmacSHA256AndAES_256 ...) as the parameters' text.
            algorithm = params.getAlgorithm().equals("PBES2") ? params.toString() : info.getAlgName();
            int iterations = params.getParameterSpec(PBEParameterSpec.class).getIterationCount();
            if (iterations > MAX_ITERATIONS) {
                throw new IOException("asks for " + iterations + " PBKDF2 iterations, more than " + MAX_ITERATIONS);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException("key " + file + ": cannot read its encryption: " + e.getMessage(), e);
        }
        PBEKeySpec spec = new PBEKeySpec(password);
        Cipher cipher;
        try {
            cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(spec), params);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("key " + file + " is encrypted with " + algorithm + ", which this JDK cannot decrypt", e);
        } catch (GeneralSecurityException e) {
            // PBKDF2 refuses some passwords outright (an empty one): that is a wrong password too.
            throw new KeyPasswordException(KeyPasswordException.Problem.WRONG, file);
        } finally {
            spec.clearPassword();
        }
        try {
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException e) {
            // A wrong password leaves bad padding or, rarely, padding that passes and bytes that are not PKCS#8.
            throw new KeyPasswordException(KeyPasswordException.Problem.WRONG, file);
        }
    }

    private static Pem read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Pem.MAX_FILE_BYTES) throw new IOException("key " + file + " is " + size + " bytes; a key file is at most 64 KiB");
        try {
            return Pem.parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException("key " + file + " is not a PEM file (not ASCII text)", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("key " + file + ": " + e.getMessage(), e);
        }
    }
}
