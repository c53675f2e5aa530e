package io.aigw.filters.label;

import java.util.Objects;

/**
 * Who an answer is for and what made it: the identity a label and receipt speak about. Immutable.
 *
 * @param product the product id (from the registry)
 * @param producerCode the product's GB 45438 ContentProducer code ({@code producer-code} in
 *     products.yaml); printable ASCII without space, {@code "} or {@code \}
 * @param model the model name as requested by the client
 */
public record AnswerSubject(String product, String producerCode, String model) {

    /**
     * @throws IllegalArgumentException naming the value when {@code producerCode} is not a valid
     *     AIGC value
     * @throws NullPointerException when a component is null
     */
    public AnswerSubject {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(model, "model");
        if (!AigcMetadata.isValidValue(producerCode) || producerCode.isEmpty()) {
            throw new IllegalArgumentException("producer code of product '" + product
                    + "' must be non-empty printable ASCII without space, '\"' or '\\': '" + producerCode + "'");
        }
    }
}
