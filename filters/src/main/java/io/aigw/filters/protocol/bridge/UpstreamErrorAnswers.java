package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An upstream's error answer (non-2xx) in the client's protocol: the upstream's message is kept (from
 * OpenAI's {@code error.message}, Anthropic's {@code error.message}, or a plain-text body), the type
 * follows the status as each protocol names it, the status is kept except Anthropic's 529
 * (overloaded), which an OpenAI client gets as 503.
 */
final class UpstreamErrorAnswers {

    private static final int MAX_MESSAGE = 1000;

    private UpstreamErrorAnswers() {
    }

    /** The error answer for a client of {@code client} protocol. */
    static ProtocolBridge.ErrorAnswer translate(Protocol client, int status, byte[] body) {
        String message = messageOf(body, status);
        if (client != Protocol.ANTHROPIC) { // OpenAI's shape: Chat Completions and Responses
            int sent = status == 529 ? 503 : status;
            ObjectNode root = Json.NODES.objectNode();
            ObjectNode error = root.putObject("error");
            error.put("message", message);
            error.put("type", sent >= 500 ? "api_error" : sent == 429 ? "rate_limit_error" : "invalid_request_error");
            error.putNull("param");
            error.put("code", upstreamType(body));
            return new ProtocolBridge.ErrorAnswer(sent, Json.write(root));
        }
        ObjectNode root = Json.NODES.objectNode().put("type", "error");
        root.putObject("error").put("type", anthropicType(status)).put("message", message);
        return new ProtocolBridge.ErrorAnswer(status, Json.write(root));
    }

    private static String anthropicType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private static String messageOf(byte[] body, int status) {
        JsonNode error = errorObject(body);
        String message = Json.stringOrNull(error, "message");
        if (message == null && error == null && body.length > 0 && body.length <= MAX_MESSAGE && body[0] != '{' && body[0] != '<') {
            message = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        }
        if (message == null || message.isEmpty()) {
            return "the upstream answered with status " + status;
        }
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
    }

    /** OpenAI's {@code error.code} (else its type), Anthropic's {@code error.type}; null when none. */
    private static String upstreamType(byte[] body) {
        JsonNode error = errorObject(body);
        String code = Json.stringOrNull(error, "code");
        return code != null ? code : Json.stringOrNull(error, "type");
    }

    private static JsonNode errorObject(byte[] body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
