package io.aigw.filters.label;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Ed25519 key plumbing on the JDK's own provider (Java 15+): generation, PKCS#8 and X.509 parsing
 * in PEM or DER, PEM writing, and the raw 32-byte public key {@code x} used by JWK. Stateless and
 * thread-safe. Meant for start-up and rotation, not the request path (generation reads
 * {@code SecureRandom}).
 */
public final class Ed25519Keys {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final String PRIVATE_PEM = "PRIVATE KEY";
    private static final String PUBLIC_PEM = "PUBLIC KEY";

    private Ed25519Keys() {
    }

    /** A fresh key pair; reads {@code SecureRandom}, so call it off the event loop. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (Java 15+ required)", e);
        }
    }

    /**
     * Parses a PKCS#8 Ed25519 private key, PEM ({@code -----BEGIN PRIVATE KEY-----}) or DER, and
     * derives its public key.
     *
     * @param source names the key in messages, for example the file path
     * @throws IllegalArgumentException naming {@code source} when the bytes are not an Ed25519
     *     PKCS#8 key (an Ed448, RSA or encrypted key included)
     */
    public static KeyPair parsePrivate(String source, byte[] pemOrDer) {
        byte[] der = derOf(source, pemOrDer, PRIVATE_PEM);
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new KeyPair(publicOf(source, key), key);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": not a PKCS#8 Ed25519 private key (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Parses an X.509 SubjectPublicKeyInfo Ed25519 public key, PEM ({@code -----BEGIN PUBLIC KEY-----})
     * or DER.
     *
     * @throws IllegalArgumentException naming {@code source} when it is not one
     */
    public static PublicKey parsePublic(String source, byte[] pemOrDer) {
        byte[] der = derOf(source, pemOrDer, PUBLIC_PEM);
        if (der.length != 44 || !Arrays.equals(der, 0, 12, SPKI_PREFIX, 0, 12)) {
            throw new IllegalArgumentException(source + ": not an X.509 Ed25519 public key");
        }
        return fromX(Arrays.copyOfRange(der, 12, 44));
    }

    /** The raw 32-byte public key (RFC 8037 {@code x}). */
    public static byte[] x(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der == null || der.length != 44 || !Arrays.equals(der, 0, 12, SPKI_PREFIX, 0, 12)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(der, 12, 44);
    }

    /**
     * The public key with raw bytes {@code x}.
     *
     * @throws IllegalArgumentException when {@code x} is not 32 bytes or not a valid point
     */
    public static PublicKey fromX(byte[] x) {
        if (x.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + x.length);
        }
        byte[] der = Arrays.copyOf(SPKI_PREFIX, 44);
        System.arraycopy(x, 0, der, 12, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** PKCS#8 PEM text of a private key. */
    public static String toPem(PrivateKey key) {
        return pem(PRIVATE_PEM, key.getEncoded());
    }

    /** X.509 PEM text of a public key. */
    public static String toPem(PublicKey key) {
        return pem(PUBLIC_PEM, key.getEncoded());
    }

    /**
     * The JDK cannot derive an Ed25519 public key from a private one through its API, but its key
     * generator turns exactly 32 random bytes into the private key (RFC 8032 §5.1.5). Feeding it
     * the private key's bytes as the "random" input yields the matching pair.
     */
    private static PublicKey publicOf(String source, PrivateKey key) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new IllegalArgumentException(source + ": private key bytes are not extractable"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
        KeyPair pair = generator.generateKeyPair();
        if (!Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), seed)) {
            throw new IllegalStateException("Ed25519 public key derivation failed");
        }
        return pair.getPublic();
    }

    private static byte[] derOf(String source, byte[] pemOrDer, String label) {
        String text = new String(pemOrDer, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN ");
        if (begin < 0) {
            return pemOrDer;
        }
        String header = "-----BEGIN " + label + "-----";
        String footer = "-----END " + label + "-----";
        int start = text.indexOf(header);
        int end = text.indexOf(footer);
        if (start < 0 || end < start) {
            int eol = text.indexOf('\n', begin);
            throw new IllegalArgumentException(source + ": expected a PEM '" + header + "' block, found '"
                    + text.substring(begin, eol < 0 ? text.length() : eol).strip() + "'");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(start + header.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": PEM body is not base64 (" + e.getMessage() + ")", e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** A "random" source that returns given bytes once; only for {@link #publicOf}. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;

        FixedBytes(byte[] bytes) {
            super(new FixedSpi(bytes), (Provider) null);
        }
    }

    private static final class FixedSpi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;
        private boolean used;

        FixedSpi(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
        }

        @Override
        protected void engineNextBytes(byte[] out) {
            if (used || out.length != bytes.length) {
                throw new IllegalStateException("unexpected use of the fixed key source");
            }
            used = true;
            System.arraycopy(bytes, 0, out, 0, out.length);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new UnsupportedOperationException();
        }
    }
}
