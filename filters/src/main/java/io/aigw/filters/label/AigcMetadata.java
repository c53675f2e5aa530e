package io.aigw.filters.label;

/**
 * The implicit label of GB 45438-2025 §6 / Annex E: the value of the {@code AIGC} header and of the
 * {@code "aigc"} JSON field. Immutable.
 *
 * <p>Every value is a string of printable ASCII without space, {@code "} or {@code \} (0x21..0x7E
 * except 0x22 and 0x5C); the empty string is allowed. Because of that rule {@link #toJson()} needs
 * no escaping. What this gateway writes:
 * <ul>
 *   <li>{@code Label} {@code "1"} (AI-generated); {@code "2"} and {@code "3"} are accepted for
 *       metadata read from elsewhere.</li>
 *   <li>{@code ContentProducer}: the product's producer code; {@code ProduceID}: the answer's id
 *       from {@link ProduceIdGenerator}.</li>
 *   <li>{@code ReservedCode1}: the receipt digest, {@link Receipts#digest(String)}: base64url
 *       (no padding) SHA-256 of the receipt's compact JWS, 43 characters; empty in the provisional
 *       header of a stream, which goes out before the receipt exists.</li>
 *   <li>{@code ContentPropagator}/{@code PropagateID}: equal to the producer's values on first
 *       write, as the gateway both produces and first propagates the answer.</li>
 *   <li>{@code ReservedCode2}: the empty string, left to a later propagator.</li>
 * </ul>
 */
public record AigcMetadata(String label, String contentProducer, String produceId, String reservedCode1,
        String contentPropagator, String propagateId, String reservedCode2) {

    /** The header name for the implicit label. */
    public static final String HEADER = "AIGC";
    /** The top-level JSON field name in bodies and final stream events. */
    public static final String JSON_FIELD = "aigc";

    /**
     * Validates every value.
     *
     * @throws IllegalArgumentException naming the field and value when a value is null, holds a
     *     character outside printable ASCII, a space, {@code "} or {@code \}, or when
     *     {@code label} is not 1, 2 or 3
     */
    public AigcMetadata {
        check("Label", label);
        if (!label.equals("1") && !label.equals("2") && !label.equals("3")) {
            throw new IllegalArgumentException("AIGC Label must be \"1\", \"2\" or \"3\": '" + label + "'");
        }
        check("ContentProducer", contentProducer);
        check("ProduceID", produceId);
        check("ReservedCode1", reservedCode1);
        check("ContentPropagator", contentPropagator);
        check("PropagateID", propagateId);
        check("ReservedCode2", reservedCode2);
    }

    /**
     * The metadata of an answer the gateway labels first: Label "1", the propagator equal to the
     * producer, ReservedCode2 empty.
     *
     * @throws IllegalArgumentException as the constructor
     */
    public static AigcMetadata firstWrite(String producerCode, String produceId, String receiptDigest) {
        return new AigcMetadata("1", producerCode, produceId, receiptDigest, producerCode, produceId, "");
    }

    /** Whether {@code value} may be an AIGC value: printable ASCII without space, {@code "} or {@code \}. */
    public static boolean isValidValue(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * The JSON object with exactly the seven keys in the standard's order, no whitespace, for
     * example {@code {"Label":"1","ContentProducer":"...","ProduceID":"...","ReservedCode1":"...",
     * "ContentPropagator":"...","PropagateID":"...","ReservedCode2":""}}. Usable as is as an HTTP
     * header value (pure ASCII).
     */
    public String toJson() {
        return "{\"Label\":\"" + label
                + "\",\"ContentProducer\":\"" + contentProducer
                + "\",\"ProduceID\":\"" + produceId
                + "\",\"ReservedCode1\":\"" + reservedCode1
                + "\",\"ContentPropagator\":\"" + contentPropagator
                + "\",\"PropagateID\":\"" + propagateId
                + "\",\"ReservedCode2\":\"" + reservedCode2
                + "\"}";
    }

    private static void check(String field, String value) {
        if (!isValidValue(value)) {
            throw new IllegalArgumentException("AIGC " + field + " must be printable ASCII without space, '\"' or '\\': '"
                    + value + "'");
        }
    }
}
