package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.ProtocolException;
import tools.jackson.databind.JsonNode;

/** An error an upstream reports inside a stream, as the failure that ends the client's stream in its own protocol. */
final class UpstreamStreamErrors {

    private static final int MAX_MESSAGE = 500;

    private UpstreamStreamErrors() {
    }

    /**
     * The failure for an error object ({@code error} of an OpenAI chunk or an Anthropic {@code error}
     * event): 503 for an overload, else 502; the upstream's message kept (shortened).
     */
    static ProtocolException of(JsonNode error) {
        String type = Json.stringOrNull(error, "type");
        String message = Json.stringOrNull(error, "message");
        ErrorKind kind = "overloaded_error".equals(type) ? ErrorKind.UPSTREAM_OVERLOADED : ErrorKind.UPSTREAM_UNAVAILABLE;
        String text = message == null ? "the upstream failed" : message.length() > MAX_MESSAGE
                ? message.substring(0, MAX_MESSAGE) + "…" : message;
        return new ProtocolException(kind, "the upstream failed mid-answer" + (type == null ? "" : " (" + type + ")") + ": " + text);
    }
}
