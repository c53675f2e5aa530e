package io.aigw.gateway.label;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Labeling settings, under {@code aigw.label.}; each is documented with its default in
 * {@code config/README.md}. Validated when the labeler is built (a bad text stops the gateway).
 *
 * @param locale default label locale (BCP 47), default {@code zh-CN}
 * @param position default position: {@code prefix}, {@code suffix} or {@code both}; default {@code prefix}
 * @param texts label text per locale, adding to or replacing the built-in {@code zh-CN} and {@code en}
 *     texts; each must pass the GB 45438 wording rule
 * @param provider the {@code provider} named in {@code AI-Disclosure}, default {@code aigw}
 * @param signing receipt signing keys
 * @param structuredAnswers what a structured (JSON) answer of a product without an explicit-label
 *     opt-out gets: {@code implicit-only} (default: no inserted text, the implicit labels and the
 *     receipt; audited {@code omitted:structured}) or {@code refuse} (the request is refused with 400
 *     {@code structured_output_not_allowed})
 */
@ConfigurationProperties("aigw.label")
public record LabelProperties(
        @DefaultValue("zh-CN") String locale,
        @DefaultValue("prefix") String position,
        Map<String, String> texts,
        @DefaultValue("aigw") String provider,
        @DefaultValue Signing signing,
        @DefaultValue("implicit-only") StructuredAnswers structuredAnswers) {

    public LabelProperties {
        texts = texts == null ? Map.of() : Map.copyOf(texts);
    }

    /** What a structured answer gets when the product has no explicit-label opt-out. */
    public enum StructuredAnswers {
        /** No inserted text; implicit labels, {@code AI-Disclosure} and the receipt. */
        IMPLICIT_ONLY,
        /** The request is refused before it reaches the upstream. */
        REFUSE
    }

    /**
     * @param keyFile a PKCS#8 Ed25519 private key (PEM or DER) that signs receipts; when unset, the
     *     newest key of {@code keyDir} signs, generated there at first start
     * @param keyDir the key directory, default {@code data/keys}; its keys are published in the JWKS
     * @param provider the signature implementation: {@code bouncycastle} (default, several times
     *     cheaper per receipt) or {@code jdk}
     */
    public record Signing(
            Path keyFile,
            @DefaultValue("data/keys") Path keyDir,
            @DefaultValue("bouncycastle") String provider) {
    }
}
