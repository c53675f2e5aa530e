package io.aigw.filters.protocol;

import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Field checks shared by the request codecs, failing with the protocol error a client expects. */
public final class RequestFields {

    private RequestFields() {
    }

    /** A required non-blank string field. */
    public static String requireString(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(ErrorKind.MISSING_FIELD, "missing required field '" + field + "'");
        }
        if (!value.isString() || value.stringValue().isBlank()) {
            throw new ProtocolException(ErrorKind.INVALID_FIELD, "field '" + field + "' must be a non-empty string");
        }
        return value.stringValue();
    }

    /** A required array field. */
    public static JsonNode requireArray(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new ProtocolException(ErrorKind.MISSING_FIELD, "missing required field '" + field + "'");
        }
        if (!value.isArray()) {
            throw new ProtocolException(ErrorKind.INVALID_FIELD, "field '" + field + "' must be an array");
        }
        return value;
    }

    /** An optional boolean field, {@code false} when absent or null. */
    public static boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new ProtocolException(ErrorKind.INVALID_FIELD, "field '" + field + "' must be a boolean");
        }
        return value.booleanValue();
    }

    /**
     * The text of a message {@code content}: a string, or an array of parts whose {@code text} parts
     * are joined with {@code \n}. Anything else gives an empty string.
     */
    public static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (!content.isArray()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            String text = part.isObject() && "text".equals(Json.stringOrNull(part, "type")) ? Json.stringOrNull(part, "text") : null;
            if (text != null) {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(text);
            }
        }
        return sb.toString();
    }

    /**
     * Rewrites the text of {@code holder.field}: a string, or the {@code text} of each text part of an
     * array. Returns whether anything changed.
     */
    public static boolean rewriteContent(ObjectNode holder, String field, UnaryOperator<String> rewrite) {
        JsonNode content = holder.get(field);
        if (content == null) {
            return false;
        }
        if (content.isString()) {
            String rewritten = rewrite.apply(content.stringValue());
            if (rewritten.equals(content.stringValue())) {
                return false;
            }
            holder.put(field, rewritten);
            return true;
        }
        boolean changed = false;
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (part instanceof ObjectNode p && "text".equals(Json.stringOrNull(p, "type")) && p.get("text") != null && p.get("text").isString()) {
                    String text = p.get("text").stringValue();
                    String rewritten = rewrite.apply(text);
                    if (!rewritten.equals(text)) {
                        p.put("text", rewritten);
                        changed = true;
                    }
                }
            }
        }
        return changed;
    }

    /** Rewrites the content of every message of {@code body.messages}; returns whether anything changed. */
    public static boolean rewriteMessages(ObjectNode body, UnaryOperator<String> rewrite) {
        boolean changed = false;
        for (JsonNode message : body.path("messages")) {
            if (message instanceof ObjectNode m) {
                changed |= rewriteContent(m, "content", rewrite);
            }
        }
        return changed;
    }

    /** Reads {@code messages} as role/text pairs, rejecting entries that are not objects with a role. */
    public static void readMessages(JsonNode messages, List<ChatMessage> out) {
        int i = 0;
        for (JsonNode message : messages) {
            String role = message.isObject() ? Json.stringOrNull(message, "role") : null;
            if (role == null) {
                throw new ProtocolException(ErrorKind.INVALID_FIELD, "messages[" + i + "] must be an object with a string 'role'");
            }
            out.add(new ChatMessage(role, contentText(message.get("content"))));
            i++;
        }
    }
}
