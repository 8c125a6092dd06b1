package dev.cairn.util;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * The few Ed25519 operations the JDK makes awkward, in one place for the node identity, peer ids
 * and manifest keys: the raw 32-byte public key, a public key from those bytes, and the public
 * key of a private key (a PKCS#8 file holds only the private seed).
 */
public final class Ed25519 {
    /** DER SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410); the raw key follows. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    public static final int KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    private Ed25519() {}

    /** The raw 32-byte public key: the last 32 bytes of its X.509 encoding. */
    public static byte[] raw(PublicKey key) {
        byte[] x509 = key.getEncoded();
        return Arrays.copyOfRange(x509, x509.length - KEY_BYTES, x509.length);
    }

    /** The public key whose raw bytes are {@code raw}; IllegalArgumentException if they are not an Ed25519 point. */
    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != KEY_BYTES) throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        byte[] x509 = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_BYTES);
        System.arraycopy(raw, 0, x509, X509_PREFIX.length, KEY_BYTES);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** The public key of {@code key}, derived from its seed the way the JDK derives it when generating a pair. */
    public static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || !"Ed25519".equals(ed.getParams().getName())) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
        }
        byte[] seed = ed.getBytes().orElseThrow(() -> new IllegalArgumentException("the Ed25519 private key has no seed"));
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
            gen.initialize(new NamedParameterSpec("Ed25519"), new FixedSeed(seed));
            return gen.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is {@code key}'s signature of {@code message}; false for a malformed signature. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A SecureRandom that hands out the stored seed, so the JDK derives the key pair of that seed. */
    private static final class FixedSeed extends SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
