package io.aigw.filters.label;

import io.aigw.filters.json.JsonMappers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a receipt attests about one delivered answer. Immutable.
 *
 * <p>JSON form (the JWS payload), in this order:
 * <pre>{"produce_id":"…","product":"…","model":"…","iat":1764000000,
 *  "content_sha256":"…","label":{"explicit":"prefix","implicit":true},
 *  "choices":[{"index":0,"content_sha256":"…","explicit":"prefix"},…]}</pre>
 * The top-level {@code content_sha256} and {@code label.explicit} are those of the first choice
 * (the only one of most answers); {@code choices} has one entry per choice of the answer (receipts
 * made before it existed have none, and read as one choice 0 from the top-level members).
 *
 * @param produceId the answer's ProduceID (as in the AIGC metadata)
 * @param product the product id
 * @param model the model name as requested
 * @param iat issued-at, Unix seconds
 * @param contentSha256 base64url (no padding) SHA-256 of the UTF-8 bytes of the exact assistant
 *     text delivered, explicit label and its separators included (see {@link Receipts#contentSha256(String)})
 * @param explicitLabel which explicit label parts were delivered: {@code prefix}, {@code suffix},
 *     {@code both} or {@code none}
 * @param implicitLabel whether the AIGC metadata was attached
 * @param choices every choice as delivered, by index; copied (empty for old receipts)
 */
public record ReceiptClaims(String produceId, String product, String model, long iat, String contentSha256,
        String explicitLabel, boolean implicitLabel, List<ChoiceClaims> choices) {

    /** Claims of a one-choice answer without per-choice entries (the format before choices). */
    public ReceiptClaims(String produceId, String product, String model, long iat, String contentSha256,
            String explicitLabel, boolean implicitLabel) {
        this(produceId, product, model, iat, contentSha256, explicitLabel, implicitLabel, List.of());
    }

    /** The values {@code explicitLabel} can take. */
    public static final Set<String> EXPLICIT_VALUES = Set.of("prefix", "suffix", "both", "none");

    /**
     * @throws IllegalArgumentException naming the value when {@code explicitLabel} is not one of
     *     {@link #EXPLICIT_VALUES} or {@code iat} is negative
     * @throws NullPointerException when a string component is null
     */
    public ReceiptClaims {
        Objects.requireNonNull(produceId, "produceId");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(contentSha256, "contentSha256");
        if (!EXPLICIT_VALUES.contains(explicitLabel)) {
            throw new IllegalArgumentException("label.explicit must be prefix, suffix, both or none: '" + explicitLabel + "'");
        }
        if (iat < 0) {
            throw new IllegalArgumentException("iat must not be negative: " + iat);
        }
        choices = List.copyOf(choices);
    }

    /**
     * The content digest the receipt gives for choice {@code index}: its entry's, or for a receipt
     * without entries the top-level one for choice 0; empty when the receipt has no such choice.
     */
    public java.util.Optional<String> contentSha256Of(int index) {
        if (choices.isEmpty()) {
            return index == 0 ? java.util.Optional.of(contentSha256) : java.util.Optional.empty();
        }
        return choices.stream().filter(c -> c.index() == index).map(ChoiceClaims::contentSha256).findFirst();
    }

    /** The {@code explicitLabel} value for what was delivered. */
    public static String explicitValue(boolean prefixDelivered, boolean suffixDelivered) {
        if (prefixDelivered) {
            return suffixDelivered ? "both" : "prefix";
        }
        return suffixDelivered ? "suffix" : "none";
    }

    /** The claims as a JSON object node (also used to merge them into a verification result). */
    public ObjectNode toJsonNode() {
        ObjectNode node = JsonMappers.json().createObjectNode();
        node.put("produce_id", produceId);
        node.put("product", product);
        node.put("model", model);
        node.put("iat", iat);
        node.put("content_sha256", contentSha256);
        ObjectNode label = node.putObject("label");
        label.put("explicit", explicitLabel);
        label.put("implicit", implicitLabel);
        if (!choices.isEmpty()) {
            ArrayNode array = node.putArray("choices");
            choices.forEach(c -> array.add(c.toJsonNode()));
        }
        return node;
    }

    /** The compact JSON text. */
    public String toJson() {
        return JsonMappers.json().writeValueAsString(toJsonNode());
    }

    /**
     * Reads claims; unknown members are ignored so later versions can add claims.
     *
     * @throws IllegalArgumentException naming the member when the text is not a JSON object, or a
     *     member is missing or of the wrong type
     */
    public static ReceiptClaims fromJson(String json) {
        JsonNode root;
        try {
            root = JsonMappers.json().readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("receipt claims are not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("receipt claims are not a JSON object");
        }
        JsonNode label = root.get("label");
        if (label == null || !label.isObject()) {
            throw new IllegalArgumentException("receipt claim 'label' must be an object");
        }
        JsonNode iat = root.get("iat");
        if (iat == null || !iat.isIntegralNumber() || !iat.canConvertToLong()) {
            throw new IllegalArgumentException("receipt claim 'iat' must be an integer");
        }
        JsonNode implicit = label.get("implicit");
        if (implicit == null || !implicit.isBoolean()) {
            throw new IllegalArgumentException("receipt claim 'label.implicit' must be a boolean");
        }
        List<ChoiceClaims> choices = new ArrayList<>();
        JsonNode choicesNode = root.get("choices");
        if (choicesNode != null && !choicesNode.isNull()) {
            if (!choicesNode.isArray()) {
                throw new IllegalArgumentException("receipt claim 'choices' must be an array");
            }
            choicesNode.forEach(c -> choices.add(ChoiceClaims.fromJson(c)));
        }
        return new ReceiptClaims(string(root, "produce_id"), string(root, "product"), string(root, "model"),
                iat.longValue(), string(root, "content_sha256"), string(label, "explicit"), implicit.booleanValue(),
                choices);
    }

    private static String string(JsonNode node, String member) {
        JsonNode v = node.get(member);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("receipt claim '" + member + "' must be a string");
        }
        return v.stringValue();
    }
}
