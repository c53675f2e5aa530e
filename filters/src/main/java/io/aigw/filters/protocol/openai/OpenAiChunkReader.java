package io.aigw.filters.protocol.openai;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.JsonScan;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.ToolCallDelta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads what the pipeline needs from one {@code chat.completion.chunk} with a streaming parser,
 * skipping the rest: {@code choices[0].index}, the one non-empty text of {@code .delta.content},
 * {@code .delta.refusal} or {@code .delta.reasoning_content} (an empty or null one is absent, as Qwen's
 * {@code "content":""} beside reasoning; {@code .delta.reasoning}, where Ollama and recent vLLM put it, reads
 * as reasoning too, and must then equal a {@code reasoning_content} sent beside it),
 * {@code .delta.tool_calls[]} ({@code index}, {@code id}, {@code function.name},
 * {@code function.arguments}) and {@code .finish_reason},
 * the top-level {@code usage} (else {@code choices[0].usage}, where Moonshot puts it) and {@code type}, and on request the fields of the template that
 * {@link OpenAiStreamTranslator} keeps to write chunks of its own. Reads as the tree code it replaces
 * did: the last of duplicate keys counts, a value of the wrong type reads as absent. A chunk the policies
 * could not see whole is refused ({@code UPSTREAM_PROTOCOL}) rather than passed on partly unscanned: one
 * with more than one choice, or with two non-empty texts. One instance per stream, reused for each chunk;
 * not thread-safe.
 */
final class OpenAiChunkReader {

    /** The chunk fields a template keeps, in the order it writes them. */
    private static final String[] TEMPLATE_FIELDS = {"id", "object", "created", "model", "system_fingerprint"};

    private final JsonScan.Reader rootReader = this::readRoot;
    private final JsonScan.FieldReader rootField = this::rootField;
    private final JsonScan.FieldReader choiceField = this::choiceField;
    private final JsonScan.FieldReader deltaField = this::deltaField;
    private final JsonScan.FieldReader toolField = this::toolField;
    private final JsonScan.FieldReader functionField = this::functionField;

    private boolean wantTemplate;
    private final JsonNode[] templateValues = new JsonNode[TEMPLATE_FIELDS.length];
    private boolean isObject;
    private String type;
    private JsonNode usage;
    private int index;
    private String text;
    private String refusal;
    private String reasoning;
    /** {@code .delta.reasoning}: where Ollama and recent vLLM put reasoning; the same text as {@code reasoning_content}. */
    private String reasoningAlias;
    /** {@code choices[0].usage}: where Moonshot (Kimi) puts the usage of a stream, on its last chunk. */
    private JsonNode choiceUsage;
    private List<ToolCallDelta> tools = List.of();
    private int toolIndex;
    private String toolId;
    private String toolName;
    private String toolArguments;
    private String finishReason;

    /**
     * Checks and reads one chunk's data.
     *
     * @param wantTemplate whether to keep the template fields ({@link #template()})
     * @throws io.aigw.filters.protocol.ProtocolException {@code UPSTREAM_PROTOCOL} when it is not valid JSON
     */
    ChatEvent.Scan read(String data, boolean wantTemplate) {
        this.wantTemplate = wantTemplate;
        Arrays.fill(templateValues, null);
        isObject = false;
        type = null;
        usage = null;
        resetChoice();
        choiceUsage = null;
        JsonScan.scan(data, rootReader);
        if (!isEmpty(reasoningAlias)) {
            if (!isEmpty(reasoning) && !reasoning.equals(reasoningAlias)) {
                throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL,
                        "the upstream sent a chunk with two different reasoning texts (reasoning, reasoning_content)");
            }
            reasoning = reasoningAlias;
        } else if (reasoning == null) {
            reasoning = reasoningAlias;
        }
        if (OpenAiAdapter.usageOf(usage) == null && choiceUsage != null) {
            usage = choiceUsage; // as OpenAiAdapter.usage reads it
        }
        int texts = (isEmpty(text) ? 0 : 1) + (isEmpty(refusal) ? 0 : 1) + (isEmpty(reasoning) ? 0 : 1);
        if (texts > 1) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL,
                    "the upstream sent a chunk with more than one text (content, refusal, reasoning_content)");
        }
        TextKind kind = !isEmpty(text) ? TextKind.CONTENT : !isEmpty(refusal) ? TextKind.REFUSAL
                : !isEmpty(reasoning) ? TextKind.REASONING
                : text != null ? TextKind.CONTENT : refusal != null ? TextKind.REFUSAL
                : reasoning != null ? TextKind.REASONING : TextKind.CONTENT;
        String any = switch (kind) {
            case CONTENT -> text;
            case REFUSAL -> refusal;
            case REASONING -> reasoning;
        };
        return new ChatEvent.Scan(type, OpenAiAdapter.usageOf(usage), index, any, finishReason, false, false, kind, tools);
    }

    /**
     * The template fields of the chunk last read with {@code wantTemplate}, when it is an object with
     * an {@code id}; else {@code null}.
     */
    ObjectNode template() {
        if (!wantTemplate || !isObject || templateValues[0] == null) {
            return null;
        }
        ObjectNode template = Json.NODES.objectNode();
        for (int i = 0; i < TEMPLATE_FIELDS.length; i++) {
            if (templateValues[i] != null) {
                template.set(TEMPLATE_FIELDS[i], templateValues[i]);
            }
        }
        return template;
    }

    private void resetChoice() {
        index = 0;
        resetDelta();
        finishReason = null;
    }

    private void resetDelta() {
        text = null;
        refusal = null;
        reasoning = null;
        reasoningAlias = null;
        tools = List.of();
    }

    private void readRoot(JsonParser parser) {
        isObject = JsonScan.forEachField(parser, rootField);
    }

    private void rootField(String name, JsonParser parser) {
        switch (name) {
            case "choices" -> readChoices(parser);
            case "usage" -> usage = JsonScan.objectOrNull(parser);
            case "type" -> type = JsonScan.stringOrNull(parser);
            default -> {
                int field = wantTemplate ? templateField(name) : -1;
                if (field >= 0) {
                    templateValues[field] = JsonScan.tree(parser);
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    /** The one element of {@code choices}; a second one is refused (its text would go out unscanned). */
    private void readChoices(JsonParser parser) {
        resetChoice();
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        if (parser.nextToken() == JsonToken.END_ARRAY) {
            return;
        }
        JsonScan.forEachField(parser, choiceField);
        if (parser.nextToken() != JsonToken.END_ARRAY) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL,
                    "the upstream sent a chunk with more than one choice (one choice per chunk is expected)");
        }
    }

    private void choiceField(String name, JsonParser parser) {
        switch (name) {
            case "index" -> index = JsonScan.intOr(parser, 0);
            case "delta" -> {
                resetDelta();
                JsonScan.forEachField(parser, deltaField);
            }
            case "finish_reason" -> finishReason = JsonScan.stringOrNull(parser);
            case "usage" -> choiceUsage = JsonScan.objectOrNull(parser);
            default -> parser.skipChildren();
        }
    }

    private void deltaField(String name, JsonParser parser) {
        switch (name) {
            case "content" -> text = JsonScan.stringOrNull(parser);
            case "refusal" -> refusal = JsonScan.stringOrNull(parser);
            case "reasoning_content" -> reasoning = JsonScan.stringOrNull(parser);
            case OpenAiFields.REASONING_ALIAS -> reasoningAlias = JsonScan.stringOrNull(parser);
            case "tool_calls" -> readToolCalls(parser);
            default -> parser.skipChildren();
        }
    }

    /** {@code tool_calls}: each object element is one piece; its position is its {@code index} (else its array position). */
    private void readToolCalls(JsonParser parser) {
        tools = List.of();
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        List<ToolCallDelta> read = new ArrayList<>(1);
        int position = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            toolIndex = position++;
            toolId = null;
            toolName = null;
            toolArguments = null;
            if (JsonScan.forEachField(parser, toolField)) {
                read.add(new ToolCallDelta(toolIndex, toolId, toolName, toolArguments));
            }
        }
        tools = read;
    }

    private void toolField(String name, JsonParser parser) {
        switch (name) {
            case "index" -> toolIndex = JsonScan.intOr(parser, toolIndex);
            case "id" -> toolId = JsonScan.stringOrNull(parser);
            case "function" -> {
                toolName = null;
                toolArguments = null;
                JsonScan.forEachField(parser, functionField);
            }
            default -> parser.skipChildren();
        }
    }

    private void functionField(String name, JsonParser parser) {
        switch (name) {
            case "name" -> toolName = JsonScan.stringOrNull(parser);
            case "arguments" -> toolArguments = JsonScan.stringOrNull(parser);
            default -> parser.skipChildren();
        }
    }

    private static int templateField(String name) {
        for (int i = 0; i < TEMPLATE_FIELDS.length; i++) {
            if (TEMPLATE_FIELDS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
