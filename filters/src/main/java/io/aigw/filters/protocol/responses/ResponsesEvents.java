package io.aigw.filters.protocol.responses;

import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.TextKind;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Responses API stream event types the gateway reads or writes, and builders of the objects they
 * carry (as documented in the API reference, "Streaming events"; the shapes openai-java parses).
 */
public final class ResponsesEvents {

    public static final String CREATED = "response.created";
    public static final String IN_PROGRESS = "response.in_progress";
    public static final String COMPLETED = "response.completed";
    public static final String INCOMPLETE = "response.incomplete";
    public static final String FAILED = "response.failed";
    public static final String ITEM_ADDED = "response.output_item.added";
    public static final String ITEM_DONE = "response.output_item.done";
    public static final String PART_ADDED = "response.content_part.added";
    public static final String PART_DONE = "response.content_part.done";
    public static final String TEXT_DELTA = "response.output_text.delta";
    public static final String TEXT_DONE = "response.output_text.done";
    public static final String REFUSAL_DELTA = "response.refusal.delta";
    public static final String REFUSAL_DONE = "response.refusal.done";
    public static final String REASONING_DELTA = "response.reasoning_text.delta";
    public static final String REASONING_DONE = "response.reasoning_text.done";
    public static final String SUMMARY_DELTA = "response.reasoning_summary_text.delta";
    public static final String SUMMARY_DONE = "response.reasoning_summary_text.done";
    public static final String ARGUMENTS_DELTA = "response.function_call_arguments.delta";
    public static final String ARGUMENTS_DONE = "response.function_call_arguments.done";
    public static final String ERROR = "error";

    private ResponsesEvents() {
    }

    /** Whether {@code type} ends a stream: {@code response.completed}, {@code .incomplete} or {@code .failed}. */
    public static boolean terminal(String type) {
        return COMPLETED.equals(type) || INCOMPLETE.equals(type) || FAILED.equals(type);
    }

    /** The delta event type of a text of {@code kind}. */
    static String deltaType(TextKind kind) {
        return switch (kind) {
            case CONTENT -> TEXT_DELTA;
            case REFUSAL -> REFUSAL_DELTA;
            case REASONING -> SUMMARY_DELTA;
        };
    }

    /** The kind of text a delta event type carries, or null for another type. */
    static TextKind deltaKind(String type) {
        if (TEXT_DELTA.equals(type)) {
            return TextKind.CONTENT;
        }
        if (REFUSAL_DELTA.equals(type)) {
            return TextKind.REFUSAL;
        }
        return REASONING_DELTA.equals(type) || SUMMARY_DELTA.equals(type) ? TextKind.REASONING : null;
    }

    /** {@code {"type", "output_index"}}: the start of an event about output item {@code index}. */
    public static ObjectNode event(String type, int index) {
        return Json.NODES.objectNode().put("type", type).put("output_index", index);
    }

    /** A message output item without content (its text parts are added as they come). */
    public static ObjectNode messageItem(String id, String status) {
        ObjectNode item = Json.NODES.objectNode().put("id", id).put("type", "message").put("status", status).put("role", "assistant");
        item.putArray("content");
        return item;
    }

    /** An {@code output_text} content part. */
    public static ObjectNode textPart(String text) {
        ObjectNode part = Json.NODES.objectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    /** The id of an output item the gateway adds at {@code index} (a label in an answer without text). */
    static String newItemId(int index) {
        return "msg_aigw_" + index;
    }
}
