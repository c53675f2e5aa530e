package io.aigw.filters.label;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.Security;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

    private static final ReceiptClaims CLAIMS = new ReceiptClaims("id", "p", "m", 1, Receipts.contentSha256("x"),
            "prefix", true);

    @Test
    void aPrivateKeyPairedWithTheWrongPublicKeyFailsAtConstruction() {
        KeyPair a = Ed25519Keys.generate();
        KeyPair b = Ed25519Keys.generate();
        SigningKey mismatched = new SigningKey(Jwk.of(b.getPublic()), a.getPrivate());

        assertThatThrownBy(() -> new SigningKeys(mismatched, List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(mismatched.kid())
                .hasMessageContaining("bad_signature");
    }

    @Test
    void anExplicitProviderSignsTheSameDeterministicReceipt() {
        SigningKeys keys = SigningKeys.generateInMemory();

        SigningKeys viaSunEc = keys.withSignatureProvider(Security.getProvider("SunEC"));

        assertThat(viaSunEc.signer().sign(CLAIMS)).isEqualTo(keys.signer().sign(CLAIMS));
        assertThat(viaSunEc.jwks()).isEqualTo(keys.jwks());
        assertThat(viaSunEc.signer().toString()).contains("SunEC");
    }

    @Test
    void aProviderWithoutEd25519IsRejectedByName() {
        SigningKeys keys = SigningKeys.generateInMemory();

        assertThatThrownBy(() -> keys.withSignatureProvider(Security.getProvider("SUN")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SUN");
    }

    @Test
    void theActiveKeyIsPublishedFirstAndNotTwice() {
        SigningKey active = SigningKey.of(Ed25519Keys.generate());
        Jwk retired = Jwk.of(Ed25519Keys.generate().getPublic());

        SigningKeys keys = new SigningKeys(active, List.of(active.jwk(), retired));

        assertThat(keys.jwks().keys()).containsExactly(active.jwk(), retired);
        assertThat(keys.toString()).contains(active.kid()).doesNotContain("PrivateKey");
    }
}
