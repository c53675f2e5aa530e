package io.aigw.filters.protocol;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * The {@code model} a request body names, read before the request is decoded (to choose a route by
 * it): the first top-level {@code "model"} string of a JSON object, found by streaming up to it
 * without building a tree. Lenient on purpose: it never throws, and a body it cannot read names no
 * model; the route's strict codec later refuses what is malformed (a body with two {@code model}
 * fields is refused as a duplicate key, so the routed model and the decoded one cannot differ).
 * Covers every API the gateway routes by model: chat, messages, embeddings, count_tokens, responses.
 */
public final class RequestModel {

    private RequestModel() {
    }

    /** The model {@code body} names, or empty when it is not a JSON object with a string {@code model}. */
    public static Optional<String> of(byte[] body) {
        try (JsonParser parser = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("model".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? Optional.of(parser.getString()) : Optional.empty();
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
