package io.aigw.gateway.console;

import io.aigw.filters.audit.Ed25519AuditSigner;
import io.aigw.filters.label.Ed25519Keys;
import io.aigw.filters.label.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A compliance report's JSON, exactly as signed, with its Ed25519 signature by the gateway's audit key
 * (the key that signs the audit checkpoints) and what a reader needs to check it without the gateway:
 * the public key in PEM and the OpenSSL commands ({@link #verificationCommands()}).
 *
 * @param json the report JSON, the signed bytes (UTF-8)
 * @param signature the raw 64-byte Ed25519 signature
 * @param kid the audit key's id (its RFC 7638 thumbprint, as in {@code GET /admin/audit/keys})
 * @param publicKeyPem the audit public key, X.509 PEM
 * @param signedAt when the gateway signed it
 * @param jsonFile the file name the export gives the signed JSON; the commands refer to it
 */
record SignedReport(String json, byte[] signature, String kid, String publicKeyPem, Instant signedAt, String jsonFile) {

    SignedReport {
        Objects.requireNonNull(json, "json");
        signature = signature.clone();
    }

    /** Signs {@code json} with the active audit key. */
    static SignedReport sign(String json, SigningKeys auditKeys, Instant now, String jsonFile) {
        Ed25519AuditSigner signer = Ed25519AuditSigner.of(auditKeys);
        byte[] signature = signer.sign(json.getBytes(StandardCharsets.UTF_8));
        return new SignedReport(json, signature, signer.kid(), Ed25519Keys.toPem(auditKeys.active().jwk().publicKey()),
                now, jsonFile);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The signature, standard base64 (what {@code base64 -d} reads). */
    String signatureBase64() {
        return Base64.getEncoder().encodeToString(signature);
    }

    /** SHA-256 of the signed bytes, lower-case hex (what {@code sha256sum} prints). */
    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /**
     * Shell commands that check the signature with OpenSSL 3 from {@link #jsonFile()}: write the
     * signature and the public key to files, then {@code openssl pkeyutl -verify}, which prints
     * {@code Signature Verified Successfully}.
     */
    String verificationCommands() {
        return "sha256sum " + jsonFile + "\n"
                + "# must print " + sha256() + "\n"
                + "echo '" + signatureBase64() + "' \\\n  | base64 -d > aigw-report.sig\n"
                + "cat > aigw-audit-key.pem <<'EOF'\n" + publicKeyPem.strip() + "\nEOF\n"
                + "openssl pkeyutl -verify -pubin -inkey aigw-audit-key.pem -rawin \\\n"
                + "  -in " + jsonFile + " -sigfile aigw-report.sig";
    }
}
