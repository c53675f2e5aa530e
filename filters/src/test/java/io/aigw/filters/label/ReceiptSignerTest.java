package io.aigw.filters.label;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.json.JsonMappers;
import io.aigw.filters.label.ReceiptVerification.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReceiptSignerTest {

    private static final String CONTENT = "本内容由人工智能生成\n\n你好，世界";
    private static final SigningKeys KEYS = SigningKeys.generateInMemory();

    private static ReceiptClaims claims(String content) {
        return new ReceiptClaims("019ab6f4-6c1e-7a3b-9d2e-5f1a2b3c4d5e", "acme-chat", "gpt-4o", 1_764_000_000L,
                Receipts.contentSha256(content), "prefix", true);
    }

    @Test
    void signsACompactJwsWithEdDsaHeaderAndTheClaims() {
        String jws = KEYS.signer().sign(claims(CONTENT));

        String[] parts = jws.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(jws).matches("[A-Za-z0-9_.-]+");
        JsonNode header = JsonMappers.json().readTree(decode(parts[0]));
        assertThat(header.toString()).isEqualTo(
                "{\"alg\":\"EdDSA\",\"kid\":\"" + KEYS.active().kid() + "\",\"typ\":\"aigc-receipt+jwt\"}");
        assertThat(decode(parts[1])).isEqualTo("{\"produce_id\":\"019ab6f4-6c1e-7a3b-9d2e-5f1a2b3c4d5e\","
                + "\"product\":\"acme-chat\",\"model\":\"gpt-4o\",\"iat\":1764000000,\"content_sha256\":\""
                + Receipts.contentSha256(CONTENT) + "\",\"label\":{\"explicit\":\"prefix\",\"implicit\":true}}");
        assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(64);
    }

    @Test
    void aReusedSignerSignsEachReceiptAsAFreshOneWouldOnEveryThread() throws Exception {
        ReceiptSigner reused = KEYS.signer();
        List<String> contents = List.of(CONTENT, "second answer", "third, on another thread");
        String first = reused.sign(claims(contents.get(0)));
        String second = reused.sign(claims(contents.get(1)));
        String[] third = new String[1];
        Thread other = new Thread(() -> third[0] = reused.sign(claims(contents.get(2))));
        other.start();
        other.join();

        List<String> signed = List.of(first, second, third[0]);
        for (int i = 0; i < signed.size(); i++) {
            // Ed25519 is deterministic: a signer created for this one receipt must produce the same bytes.
            assertThat(signed.get(i)).isEqualTo(new ReceiptSigner(KEYS.active()).sign(claims(contents.get(i))));
            assertThat(ReceiptVerifier.verify(contents.get(i), signed.get(i), KEYS.jwks()).valid()).isTrue();
        }
    }

    @Test
    void verifiesTheExactContentAndReturnsTheClaims() {
        String jws = KEYS.signer().sign(claims(CONTENT));

        ReceiptVerification result = ReceiptVerifier.verify(CONTENT, jws, KEYS.jwks());

        assertThat(result.valid()).isTrue();
        assertThat(result.reason()).isEqualTo(Reason.OK);
        assertThat(result.claims()).isEqualTo(claims(CONTENT));
        JsonNode json = JsonMappers.json().readTree(result.toJson());
        assertThat(json.get("valid").booleanValue()).isTrue();
        assertThat(json.get("reason").stringValue()).isEqualTo("ok");
        assertThat(json.get("produce_id").stringValue()).isEqualTo("019ab6f4-6c1e-7a3b-9d2e-5f1a2b3c4d5e");
        assertThat(json.get("label").get("explicit").stringValue()).isEqualTo("prefix");
    }

    @Test
    void anyChangeToTheContentIsAMismatch() {
        String jws = KEYS.signer().sign(claims(CONTENT));

        for (String other : List.of("你好，世界", CONTENT + " ", CONTENT.replace('界', '介'), "")) {
            ReceiptVerification result = ReceiptVerifier.verify(other, jws, KEYS.jwks());
            assertThat(result.valid()).isFalse();
            assertThat(result.reason()).isEqualTo(Reason.CONTENT_MISMATCH);
            assertThat(result.claims()).isNotNull();
        }
        assertThat(ReceiptVerifier.verify((String) null, jws, KEYS.jwks()).reason()).isEqualTo(Reason.CONTENT_MISMATCH);
    }

    @Test
    void aForgedPayloadFailsTheSignature() {
        String jws = KEYS.signer().sign(claims(CONTENT));
        String[] parts = jws.split("\\.");
        String forgedContent = "forged";
        String forgedPayload = Receipts.base64Url(claims(forgedContent).toJson().getBytes(StandardCharsets.UTF_8));

        ReceiptVerification result = ReceiptVerifier.verify(forgedContent, parts[0] + "." + forgedPayload + "." + parts[2],
                KEYS.jwks());

        assertThat(result.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(result.claims()).isNull();
    }

    @Test
    void aReceiptFromAnotherKeyIsUnknownOrBad() {
        SigningKeys other = SigningKeys.generateInMemory();
        String foreign = other.signer().sign(claims(CONTENT));

        assertThat(ReceiptVerifier.verify(CONTENT, foreign, KEYS.jwks()).reason()).isEqualTo(Reason.UNKNOWN_KEY);

        String[] ours = KEYS.signer().sign(claims(CONTENT)).split("\\.");
        String[] theirs = foreign.split("\\.");
        assertThat(ReceiptVerifier.verify(CONTENT, ours[0] + "." + ours[1] + "." + theirs[2], KEYS.jwks()).reason())
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void algNoneAndCriticalHeadersAreRefused() {
        String[] parts = KEYS.signer().sign(claims(CONTENT)).split("\\.");
        String none = b64("{\"alg\":\"none\",\"kid\":\"" + KEYS.active().kid() + "\"}");
        String crit = b64("{\"alg\":\"EdDSA\",\"kid\":\"" + KEYS.active().kid() + "\",\"crit\":[\"b64\"],\"b64\":false}");

        assertThat(ReceiptVerifier.verify(CONTENT, none + "." + parts[1] + ".", KEYS.jwks()).reason())
                .isEqualTo(Reason.MALFORMED);
        assertThat(ReceiptVerifier.verify(CONTENT, none + "." + parts[1] + "." + parts[2], KEYS.jwks()).reason())
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
        assertThat(ReceiptVerifier.verify(CONTENT, crit + "." + parts[1] + "." + parts[2], KEYS.jwks()).reason())
                .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void garbageIsMalformedNotAnException() {
        for (String bad : new String[] {null, "", "a.b", "a.b.c.d", "..", "!!.??.**", b64("[]") + ".e30.AA",
                b64("{\"alg\":\"EdDSA\"}") + ".e30.AA"}) {
            ReceiptVerification result = ReceiptVerifier.verify(CONTENT, bad, KEYS.jwks());
            assertThat(result.valid()).as(bad).isFalse();
            assertThat(result.reason()).as(bad).isEqualTo(Reason.MALFORMED);
        }
    }

    @Test
    void receiptDigestIsBase64UrlSha256OfTheJws() throws Exception {
        String jws = KEYS.signer().sign(claims(CONTENT));
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(jws.getBytes(StandardCharsets.US_ASCII));

        assertThat(Receipts.digest(jws)).hasSize(43).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(expected));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String b64(String json) {
        return Receipts.base64Url(json.getBytes(StandardCharsets.UTF_8));
    }
}
