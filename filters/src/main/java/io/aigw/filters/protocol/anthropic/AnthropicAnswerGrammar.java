package io.aigw.filters.protocol.anthropic;

import io.aigw.filters.protocol.AnswerGrammar;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Messages: text lives in content blocks bracketed by {@code content_block_start} and
 * {@code content_block_stop}; a {@code text_delta} after its block's stop is invalid, so text added
 * at the end goes before the stop of the last text block, or into a new text block; all text blocks
 * form one answer; the end event {@code message_stop} is JSON and can carry extra fields.
 */
final class AnthropicAnswerGrammar implements AnswerGrammar {

    @Override
    public boolean opensTextBlock(ChatEvent event) {
        return opensBlock(event) && "text".equals(Json.stringOrNull(event.payload().get("content_block"), "type"));
    }

    @Override
    public boolean opensBlock(ChatEvent event) {
        return "content_block_start".equals(type(event));
    }

    @Override
    public boolean closesBlock(ChatEvent event) {
        return "content_block_stop".equals(type(event));
    }

    @Override
    public List<ChatEvent> newText(int index, String text) {
        ObjectNode start = Json.NODES.objectNode().put("type", "content_block_start").put("index", index);
        start.putObject("content_block").put("type", "text").put("text", "");
        ObjectNode stop = Json.NODES.objectNode().put("type", "content_block_stop").put("index", index);
        return List.of(created(start, index), ChatEvent.text(index, text), created(stop, index));
    }

    @Override
    public boolean endCarriesData() {
        return true;
    }

    @Override
    public boolean allTextIsOneAnswer() {
        return true;
    }

    /** The event's JSON {@code type}, read without building a scanned event's tree. */
    private static String type(ChatEvent event) {
        return event.dataType();
    }

    /** A new event whose payload is encoded as is (no source bytes to keep). */
    private static ChatEvent created(ObjectNode payload, int index) {
        return new ChatEvent(null, payload, index, null, null, false, true, null, false);
    }
}
