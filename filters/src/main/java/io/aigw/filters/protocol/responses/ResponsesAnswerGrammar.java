package io.aigw.filters.protocol.responses;

import io.aigw.filters.protocol.AnswerGrammar;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Responses: text lives in the {@code output_text} parts of message items, each item opened by
 * {@code response.output_item.added} and its part by {@code response.content_part.added}; the part's
 * text is closed by {@code response.output_text.done} (after which no delta may come), which the stream
 * translator delivers together with the part's and the item's done events. All items form one answer;
 * the end event ({@code response.completed}) is JSON and carries extra fields (in its {@code response}).
 */
final class ResponsesAnswerGrammar implements AnswerGrammar {

    @Override
    public boolean opensTextBlock(ChatEvent event) {
        return ResponsesEvents.PART_ADDED.equals(event.dataType())
                && "output_text".equals(Json.stringOrNull(event.payload().get("part"), "type"));
    }

    @Override
    public boolean opensBlock(ChatEvent event) {
        return ResponsesEvents.ITEM_ADDED.equals(event.dataType()) || ResponsesEvents.PART_ADDED.equals(event.dataType());
    }

    @Override
    public boolean closesBlock(ChatEvent event) {
        return ResponsesEvents.TEXT_DONE.equals(event.dataType());
    }

    /** A new message item with one output_text part holding {@code text}; the translator fills ids and done texts. */
    @Override
    public List<ChatEvent> newText(int index, String text) {
        ObjectNode itemAdded = ResponsesEvents.event(ResponsesEvents.ITEM_ADDED, index);
        itemAdded.set("item", ResponsesEvents.messageItem(ResponsesEvents.newItemId(index), "in_progress"));
        ObjectNode partAdded = ResponsesEvents.event(ResponsesEvents.PART_ADDED, index);
        partAdded.set("part", ResponsesEvents.textPart(""));
        ObjectNode textDone = ResponsesEvents.event(ResponsesEvents.TEXT_DONE, index).put("text", "");
        ObjectNode partDone = ResponsesEvents.event(ResponsesEvents.PART_DONE, index);
        partDone.set("part", ResponsesEvents.textPart(""));
        ObjectNode itemDone = ResponsesEvents.event(ResponsesEvents.ITEM_DONE, index);
        itemDone.set("item", ResponsesEvents.messageItem(ResponsesEvents.newItemId(index), "completed"));
        return List.of(created(itemAdded, index), created(partAdded, index), ChatEvent.text(index, text),
                created(textDone, index), created(partDone, index), created(itemDone, index));
    }

    @Override
    public boolean endCarriesData() {
        return true;
    }

    @Override
    public boolean allTextIsOneAnswer() {
        return true;
    }

    private static ChatEvent created(ObjectNode payload, int index) {
        return new ChatEvent(null, payload, index, null, null, false, true, null, false);
    }
}
