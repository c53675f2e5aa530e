package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.ProtocolException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Helpers of the request translators: reading a body the client's codec already accepted, refusing what cannot cross. */
final class RequestTrees {

    private RequestTrees() {
    }

    /** The JSON object of a request body that its protocol's strict codec accepted. */
    static ObjectNode read(byte[] body) {
        JsonNode tree = Json.MAPPER.readTree(body);
        if (!(tree instanceof ObjectNode object)) {
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body must be a JSON object");
        }
        return object;
    }

    /** A 400 for a request feature the route's upstream protocol cannot express. */
    static ProtocolException untranslatable(String what) {
        return new ProtocolException(ErrorKind.INVALID_FIELD, what + " cannot be translated for this route's upstream protocol",
                "unsupported_across_protocols");
    }

    /** Copies {@code field} from {@code in} to {@code out} when present and not null. */
    static void copy(ObjectNode in, ObjectNode out, String field) {
        JsonNode value = in.get(field);
        if (value != null && !value.isNull()) {
            out.set(field, value);
        }
    }

    /** The text of a string, or of the {@code text} parts of an array of parts joined with a newline; "" otherwise. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        StringBuilder joined = new StringBuilder();
        for (JsonNode part : content) {
            String text = Json.stringOrNull(part, "text");
            if (text != null && ("text".equals(Json.stringOrNull(part, "type")) || !part.has("type"))) {
                if (!joined.isEmpty()) {
                    joined.append('\n');
                }
                joined.append(text);
            }
        }
        return joined.toString();
    }

    /** Whether {@code node} is a JSON {@code true}. */
    static boolean isTrue(JsonNode node) {
        return node != null && node.isBoolean() && node.booleanValue();
    }
}
