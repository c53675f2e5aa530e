package io.aigw.filters.label;

import io.aigw.filters.json.JsonMappers;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a receipt attests about one choice of an answer (OpenAI {@code choices[i]}; an Anthropic
 * message is choice 0). Immutable.
 *
 * <p>JSON form: {@code {"index":0,"content_sha256":"…","explicit":"prefix","omitted":null,
 * "tool_calls":[{"name":"…","arguments_sha256":"…"}]}}; {@code omitted} and {@code tool_calls} only
 * when set.
 *
 * @param index the choice index
 * @param contentSha256 base64url SHA-256 of the UTF-8 bytes of the choice's text as delivered (content
 *     or refusal, label included; reasoning and tool calls are not part of it)
 * @param explicitLabel the label parts delivered in the text: {@code prefix}, {@code suffix},
 *     {@code both} or {@code none}
 * @param omitted why no explicit label went in ({@code tool_call}, {@code structured}, {@code opt_out}, {@code refusal}),
 *     or {@code null}
 * @param toolCalls the tool calls of the choice as delivered, in position order; copied
 */
public record ChoiceClaims(int index, String contentSha256, String explicitLabel, String omitted,
        List<ToolCallClaims> toolCalls) {

    public ChoiceClaims {
        Objects.requireNonNull(contentSha256, "contentSha256");
        if (!ReceiptClaims.EXPLICIT_VALUES.contains(explicitLabel)) {
            throw new IllegalArgumentException("choice explicit must be prefix, suffix, both or none: '" + explicitLabel + "'");
        }
        toolCalls = List.copyOf(toolCalls);
    }

    /**
     * One tool call as delivered.
     *
     * @param name the tool (function) name, or {@code null} when the upstream sent none
     * @param argumentsSha256 base64url SHA-256 of the UTF-8 bytes of its arguments text as delivered
     *     (OpenAI {@code function.arguments}; Anthropic: the streamed {@code partial_json} pieces
     *     joined, or the compact JSON of a whole answer's {@code input})
     */
    public record ToolCallClaims(String name, String argumentsSha256) {
        public ToolCallClaims {
            Objects.requireNonNull(argumentsSha256, "argumentsSha256");
        }
    }

    ObjectNode toJsonNode() {
        ObjectNode node = JsonMappers.json().createObjectNode();
        node.put("index", index);
        node.put("content_sha256", contentSha256);
        node.put("explicit", explicitLabel);
        if (omitted != null) {
            node.put("omitted", omitted);
        }
        if (!toolCalls.isEmpty()) {
            ArrayNode calls = node.putArray("tool_calls");
            for (ToolCallClaims call : toolCalls) {
                ObjectNode c = calls.addObject();
                c.put("name", call.name());
                c.put("arguments_sha256", call.argumentsSha256());
            }
        }
        return node;
    }

    /** @throws IllegalArgumentException naming the member when it is missing or of the wrong type */
    static ChoiceClaims fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("receipt claim 'choices[]' must hold objects");
        }
        JsonNode index = node.get("index");
        if (index == null || !index.isIntegralNumber() || !index.canConvertToInt()) {
            throw new IllegalArgumentException("receipt claim 'choices[].index' must be an integer");
        }
        JsonNode omitted = node.get("omitted");
        List<ToolCallClaims> calls = new java.util.ArrayList<>();
        JsonNode toolCalls = node.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            for (JsonNode call : toolCalls) {
                JsonNode name = call.get("name");
                JsonNode args = call.get("arguments_sha256");
                if (args == null || !args.isString()) {
                    throw new IllegalArgumentException("receipt claim 'tool_calls[].arguments_sha256' must be a string");
                }
                calls.add(new ToolCallClaims(name != null && name.isString() ? name.stringValue() : null, args.stringValue()));
            }
        }
        return new ChoiceClaims(index.intValue(), string(node, "content_sha256"), string(node, "explicit"),
                omitted != null && omitted.isString() ? omitted.stringValue() : null, calls);
    }

    private static String string(JsonNode node, String member) {
        JsonNode v = node.get(member);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("receipt claim 'choices[]." + member + "' must be a string");
        }
        return v.stringValue();
    }
}
