/**
 * Labels every generated answer (GB 45438-2025, EU AI Act Art. 50) and proves it: plain Java, no
 * framework.
 *
 * <h2>What an answer gets</h2>
 * <ul>
 *   <li><b>Explicit label</b> ({@link io.aigw.filters.label.ExplicitLabel}): visible text in the
 *       assistant content, {@code prefix} (default), {@code suffix} or {@code both}, separated from
 *       the content by a blank line ({@code label + "\n\n"} / {@code "\n\n" + label}). Wording is
 *       checked by {@link io.aigw.filters.label.LabelWording}. Settings merge product &gt; route &gt;
 *       global ({@link io.aigw.filters.label.LabelConfig#resolve}).</li>
 *   <li><b>Implicit label</b> ({@link io.aigw.filters.label.AigcMetadata}): the {@code AIGC} header
 *       and the {@code "aigc"} JSON field; ReservedCode1 = base64url SHA-256 of the receipt.</li>
 *   <li><b>Disclosure</b> ({@link io.aigw.filters.label.DisclosureHeader}): {@code AI-Disclosure},
 *       an RFC 9651 dictionary.</li>
 *   <li><b>Receipt</b> ({@link io.aigw.filters.label.ReceiptSigner}): a compact JWS, EdDSA/Ed25519,
 *       kid = RFC 7638 thumbprint, over {@link io.aigw.filters.label.ReceiptClaims}, whose
 *       {@code content_sha256} is base64url SHA-256 of the UTF-8 of exactly the text delivered,
 *       label included. Header {@code AIGC-Receipt}, or field {@code "aigc_receipt"} in the last
 *       data event of a stream. Keys: {@link io.aigw.filters.label.SigningKeyDirectory}, published
 *       as {@link io.aigw.filters.label.Jwks}; checked by
 *       {@link io.aigw.filters.label.ReceiptVerifier} and
 *       {@link io.aigw.filters.label.VerifyReceiptCli}.</li>
 * </ul>
 *
 * <h2>Per answer</h2>
 * {@link io.aigw.filters.label.Labeler#start} gives an {@link io.aigw.filters.label.AnswerLabeling}
 * (ProduceID, headers, prefix and suffix text, incremental hash of what was delivered);
 * {@link io.aigw.filters.label.AnswerLabeling#finish()} gives a
 * {@link io.aigw.filters.label.LabeledAnswer} (AIGC JSON, receipt, flags for coverage and audit).
 * Nothing on this path does I/O or reads {@code SecureRandom}; key files are read and written only
 * at start-up and rotation.
 */
package io.aigw.filters.label;
