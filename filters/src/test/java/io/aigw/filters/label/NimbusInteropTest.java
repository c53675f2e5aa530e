package io.aigw.filters.label;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import io.aigw.filters.label.ReceiptVerification.Reason;
import java.security.interfaces.EdECPrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An independent JOSE implementation (Nimbus JOSE+JWT with Tink) judges our receipt format. */
class NimbusInteropTest {

    private static final String CONTENT = "AI-generated content\n\nHello";

    private final SigningKeys keys = new SigningKeys(SigningKey.of(Ed25519Keys.generate()),
            List.of(Jwk.of(Ed25519Keys.generate().getPublic())));
    private final ReceiptClaims claims = new ReceiptClaims("019ab6f4-6c1e-7a3b-9d2e-5f1a2b3c4d5e", "acme-chat",
            "gpt-4o", 1_764_000_000L, Receipts.contentSha256(CONTENT), "both", true);

    @Test
    void nimbusParsesOurJwksAndAgreesOnTheThumbprintKids() throws Exception {
        JWKSet set = JWKSet.parse(keys.jwks().toJson());

        assertThat(set.getKeys()).hasSize(2);
        for (var jwk : set.getKeys()) {
            OctetKeyPair okp = (OctetKeyPair) jwk;
            assertThat(okp.getCurve()).isEqualTo(Curve.Ed25519);
            assertThat(okp.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
            assertThat(okp.getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
            assertThat(okp.isPrivate()).isFalse();
            assertThat(okp.computeThumbprint().toString()).isEqualTo(okp.getKeyID());
        }
    }

    @Test
    void nimbusVerifiesOurReceiptAndReadsItsClaims() throws Exception {
        String receipt = keys.signer().sign(claims);
        OctetKeyPair key = (OctetKeyPair) JWKSet.parse(keys.jwks().toJson()).getKeyByKeyId(keys.active().kid());

        JWSObject jws = JWSObject.parse(receipt);
        assertThat(jws.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        assertThat(jws.getHeader().getKeyID()).isEqualTo(keys.active().kid());
        assertThat(jws.verify(new Ed25519Verifier(key))).isTrue();

        SignedJWT jwt = SignedJWT.parse(receipt);
        assertThat(jwt.getJWTClaimsSet().getIssueTime().getTime()).isEqualTo(1_764_000_000_000L);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("produce_id")).isEqualTo(claims.produceId());
        assertThat(jwt.getJWTClaimsSet().getStringClaim("content_sha256")).isEqualTo(Receipts.contentSha256(CONTENT));
        assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("label")).containsEntry("explicit", "both")
                .containsEntry("implicit", true);
    }

    @Test
    void nimbusRejectsATamperedReceipt() throws Exception {
        String[] parts = keys.signer().sign(claims).split("\\.");
        String other = Base64URL.encode(claims.toJson().replace("gpt-4o", "gpt-4x")).toString();
        OctetKeyPair key = (OctetKeyPair) JWKSet.parse(keys.jwks().toJson()).getKeyByKeyId(keys.active().kid());

        assertThat(JWSObject.parse(parts[0] + "." + other + "." + parts[2]).verify(new Ed25519Verifier(key))).isFalse();
    }

    @Test
    void ourVerifierAcceptsAReceiptSignedByNimbusWithOurKey() throws Exception {
        SigningKey active = keys.active();
        byte[] d = ((EdECPrivateKey) active.privateKey()).getBytes().orElseThrow();
        OctetKeyPair okp = new OctetKeyPair.Builder(Curve.Ed25519, new Base64URL(active.jwk().x()))
                .d(Base64URL.encode(d))
                .keyID(active.kid())
                .build();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(active.kid()).build(),
                new Payload(claims.toJson()));
        jws.sign(new Ed25519Signer(okp));

        ReceiptVerification result = ReceiptVerifier.verify(CONTENT, jws.serialize(), keys.jwks());

        assertThat(result.reason()).isEqualTo(Reason.OK);
        assertThat(result.claims()).isEqualTo(claims);
    }

    @Test
    void ourJwksReaderAcceptsANimbusJwksAndSkipsForeignKeyTypes() throws Exception {
        OctetKeyPair generated = new com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator(Curve.Ed25519)
                .keyIDFromThumbprint(true).generate();
        var rsa = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("rsa-1").generate();
        String json = new JWKSet(List.of(generated.toPublicJWK(), rsa.toPublicJWK())).toString();

        Jwks parsed = Jwks.parse("nimbus", json);

        assertThat(parsed.keys()).containsExactly(new Jwk(generated.getKeyID(), generated.getX().toString()));
    }
}
