package io.aigw.gateway.label;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the label stage must know about a protocol's answer structure beyond {@link ChatEvent}: where
 * a text may legally be inserted. Stateless and thread-safe.
 *
 * <ul>
 *   <li>OpenAI: a choice's content is one open-ended text; choices other than the first one with
 *       text are alternative answers and are left alone; the end marker {@code [DONE]} is not JSON,
 *       so the implicit label rides on the last JSON chunk before it.</li>
 *   <li>Anthropic: text lives in content blocks bracketed by {@code content_block_start} and
 *       {@code content_block_stop}; a {@code text_delta} after its block's stop is invalid, so a
 *       suffix goes before the stop of the last text block, or into a new text block; all text
 *       blocks form one answer; the end event {@code message_stop} is JSON and carries the implicit
 *       label.</li>
 * </ul>
 */
enum StreamGrammar {
    OPENAI {
        @Override
        boolean opensTextBlock(ChatEvent event) {
            return false;
        }

        @Override
        boolean opensBlock(ChatEvent event) {
            return false;
        }

        @Override
        boolean closesBlock(ChatEvent event) {
            return false;
        }

        @Override
        List<ChatEvent> newText(int index, String text) {
            return List.of(ChatEvent.text(index, text));
        }

        @Override
        boolean endCarriesData() {
            return false;
        }

        @Override
        boolean allTextIsOneAnswer() {
            return false;
        }
    },
    ANTHROPIC {
        @Override
        boolean opensTextBlock(ChatEvent event) {
            return opensBlock(event) && "text".equals(Json.stringOrNull(event.payload().get("content_block"), "type"));
        }

        @Override
        boolean opensBlock(ChatEvent event) {
            return "content_block_start".equals(type(event));
        }

        @Override
        boolean closesBlock(ChatEvent event) {
            return "content_block_stop".equals(type(event));
        }

        @Override
        List<ChatEvent> newText(int index, String text) {
            ObjectNode start = Json.NODES.objectNode().put("type", "content_block_start").put("index", index);
            start.putObject("content_block").put("type", "text").put("text", "");
            ObjectNode stop = Json.NODES.objectNode().put("type", "content_block_stop").put("index", index);
            return List.of(created(start, index), ChatEvent.text(index, text), created(stop, index));
        }

        @Override
        boolean endCarriesData() {
            return true;
        }

        @Override
        boolean allTextIsOneAnswer() {
            return true;
        }

        private static String type(ChatEvent event) {
            JsonNode payload = event.payload();
            return payload == null ? null : Json.stringOrNull(payload, "type");
        }

        private static ChatEvent created(ObjectNode payload, int index) {
            return new ChatEvent(null, payload, index, null, null, false, true, null, false);
        }
    };

    /** The grammar of {@code protocol}. */
    static StreamGrammar of(Protocol protocol) {
        return switch (protocol) {
            case OPENAI -> OPENAI;
            case ANTHROPIC -> ANTHROPIC;
        };
    }

    /** Whether {@code event} opens a text block (its {@link ChatEvent#index()} is the block's). */
    abstract boolean opensTextBlock(ChatEvent event);

    /** Whether {@code event} opens a content block of any kind. */
    abstract boolean opensBlock(ChatEvent event);

    /** Whether {@code event} closes the content block {@link ChatEvent#index()}. */
    abstract boolean closesBlock(ChatEvent event);

    /** Events that deliver {@code text} where no text block is open, at block / choice {@code index}. */
    abstract List<ChatEvent> newText(int index, String text);

    /** Whether the end-of-stream event is a JSON data event that can carry the implicit label. */
    abstract boolean endCarriesData();

    /** Whether text at different indexes belongs to one answer (blocks) rather than to alternatives (choices). */
    abstract boolean allTextIsOneAnswer();
}
