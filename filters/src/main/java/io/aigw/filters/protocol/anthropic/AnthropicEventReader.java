package io.aigw.filters.protocol.anthropic;

import io.aigw.filters.protocol.JsonScan;
import io.aigw.filters.protocol.TokenCounts;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

/**
 * Reads what the pipeline needs from one Messages stream event with a streaming parser, skipping the
 * rest: {@code type}, {@code index}, {@code delta.type}, {@code delta.text}, {@code delta.thinking},
 * {@code delta.partial_json}, {@code delta.stop_reason}, {@code content_block.type}, {@code .id},
 * {@code .name} and the usage ({@link AnthropicAdapter#usage}). Reads as the tree code
 * it replaces did: the last of duplicate keys counts, a value of the wrong type reads as absent. One
 * instance per stream, reused for each event; the results are those of the last {@link #read}; not
 * thread-safe.
 */
final class AnthropicEventReader {

    private final JsonScan.Reader rootReader = this::readRoot;
    private final JsonScan.FieldReader rootField = this::rootField;
    private final JsonScan.FieldReader deltaField = this::deltaField;
    private final JsonScan.FieldReader blockField = this::blockField;
    private final JsonScan.FieldReader messageField = this::messageField;

    private String type;
    private int index;
    private String deltaType;
    private String deltaText;
    private String deltaThinking;
    private String deltaPartialJson;
    private String stopReason;
    private String blockType;
    private String blockId;
    private String blockName;
    private JsonNode usage;
    private JsonNode messageUsage;

    /**
     * Checks and reads one event's data.
     *
     * @throws io.aigw.filters.protocol.ProtocolException {@code UPSTREAM_PROTOCOL} when it is not valid JSON
     */
    void read(String data) {
        type = null;
        index = 0;
        deltaType = null;
        deltaText = null;
        deltaThinking = null;
        deltaPartialJson = null;
        stopReason = null;
        blockType = null;
        blockId = null;
        blockName = null;
        usage = null;
        messageUsage = null;
        JsonScan.scan(data, rootReader);
    }

    /** The top-level {@code type}, or null. */
    String type() {
        return type;
    }

    /** The top-level {@code index} as {@code asInt(0)} reads it. */
    int index() {
        return index;
    }

    /** {@code delta.text} when {@code delta.type} is {@code text_delta}, else null. */
    String textDelta() {
        return "text_delta".equals(deltaType) ? deltaText : null;
    }

    /** {@code delta.thinking} when {@code delta.type} is {@code thinking_delta}, else null. */
    String thinkingDelta() {
        return "thinking_delta".equals(deltaType) ? deltaThinking : null;
    }

    /** {@code delta.partial_json} when {@code delta.type} is {@code input_json_delta}, else null. */
    String partialJson() {
        return "input_json_delta".equals(deltaType) ? deltaPartialJson : null;
    }

    /** {@code content_block.id}, or null. */
    String blockId() {
        return blockId;
    }

    /** {@code content_block.name}, or null. */
    String blockName() {
        return blockName;
    }

    /** {@code delta.stop_reason}, or null. */
    String stopReason() {
        return stopReason;
    }

    /** {@code content_block.type}, or null. */
    String blockType() {
        return blockType;
    }

    /** The usage the event reports, as {@link AnthropicAdapter#usage} reads it from the tree. */
    TokenCounts usage() {
        return AnthropicAdapter.usageOf(type, usage, messageUsage);
    }

    private void readRoot(JsonParser parser) {
        JsonScan.forEachField(parser, rootField);
    }

    private void rootField(String name, JsonParser parser) {
        switch (name) {
            case "type" -> type = JsonScan.stringOrNull(parser);
            case "index" -> index = JsonScan.intOr(parser, 0);
            case "delta" -> {
                deltaType = null;
                deltaText = null;
                deltaThinking = null;
                deltaPartialJson = null;
                stopReason = null;
                JsonScan.forEachField(parser, deltaField);
            }
            case "content_block" -> {
                blockType = null;
                blockId = null;
                blockName = null;
                JsonScan.forEachField(parser, blockField);
            }
            case "usage" -> usage = JsonScan.objectOrNull(parser);
            case "message" -> {
                messageUsage = null;
                JsonScan.forEachField(parser, messageField);
            }
            default -> parser.skipChildren();
        }
    }

    private void deltaField(String name, JsonParser parser) {
        switch (name) {
            case "type" -> deltaType = JsonScan.stringOrNull(parser);
            case "text" -> deltaText = JsonScan.stringOrNull(parser);
            case "thinking" -> deltaThinking = JsonScan.stringOrNull(parser);
            case "partial_json" -> deltaPartialJson = JsonScan.stringOrNull(parser);
            case "stop_reason" -> stopReason = JsonScan.stringOrNull(parser);
            default -> parser.skipChildren();
        }
    }

    private void blockField(String name, JsonParser parser) {
        switch (name) {
            case "type" -> blockType = JsonScan.stringOrNull(parser);
            case "id" -> blockId = JsonScan.stringOrNull(parser);
            case "name" -> blockName = JsonScan.stringOrNull(parser);
            default -> parser.skipChildren();
        }
    }

    private void messageField(String name, JsonParser parser) {
        if ("usage".equals(name)) {
            messageUsage = JsonScan.objectOrNull(parser);
        } else {
            parser.skipChildren();
        }
    }
}
