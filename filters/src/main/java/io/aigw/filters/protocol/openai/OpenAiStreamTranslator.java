package io.aigw.filters.protocol.openai;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.SseWriter;
import io.aigw.filters.protocol.StreamTranslator;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code chat.completion.chunk} events: {@code choices[0].delta.content} is the text,
 * {@code choices[0].finish_reason} the finish, {@code data: [DONE]} the end. The first chunk's
 * {@code id}, {@code created}, {@code model} and {@code system_fingerprint} are remembered to
 * write chunks a stage creates. Chunks are read with a streaming parser ({@link OpenAiChunkReader});
 * their tree is built only when a changed chunk is encoded.
 */
final class OpenAiStreamTranslator implements StreamTranslator {

    private static final String DONE = "[DONE]";
    private static final byte[] DONE_BYTES = DONE.getBytes(StandardCharsets.US_ASCII);

    private final OpenAiChunkReader reader = new OpenAiChunkReader();
    /** The first chunk's identifying fields, or null until a chunk with an {@code id} came. */
    private ObjectNode template;

    @Override
    public void decode(SseEvent event, List<ChatEvent> out) {
        if (!event.hasData()) {
            out.add(ChatEvent.decoded(event, null, 0, null, null, false));
            return;
        }
        if (DONE.equals(event.data().trim())) {
            out.add(ChatEvent.decoded(event, null, 0, null, null, true));
            return;
        }
        // Read with a streaming parser: most chunks go out as they came, so their tree is never built.
        ChatEvent.Scan scan = reader.read(event.data(), template == null);
        if (template == null) {
            template = reader.template();
        }
        out.add(ChatEvent.scanned(event, scan));
    }

    @Override
    public void encode(ChatEvent event, ByteArrayOutputStream out) {
        if (!event.changed() && event.source() != null) {
            out.writeBytes(event.source().raw());
            return;
        }
        if (event.end()) {
            SseWriter.writeRaw(null, DONE_BYTES, out);
            return;
        }
        ObjectNode chunk = event.payload() != null && event.payload().isObject()
                ? (ObjectNode) event.payload().deepCopy()
                : newChunk(event.index());
        if (event.hasText() || event.hasFinish() || event.hasTools()) {
            ObjectNode choice = ensureChoice(chunk, event.index());
            if (event.hasText()) {
                ObjectNode delta = choice.get("delta") instanceof ObjectNode d ? d : choice.putObject("delta");
                delta.put(OpenAiFields.textField(event.kind()), event.text());
                if (event.kind() == TextKind.REASONING) {
                    delta.remove(OpenAiFields.REASONING_ALIAS); // the unscanned original would go out beside it
                }
            }
            if (event.hasTools()) {
                ObjectNode delta = choice.get("delta") instanceof ObjectNode d ? d : choice.putObject("delta");
                OpenAiFields.putToolCalls(delta, event.tools(), true);
            }
            if (event.hasFinish()) {
                choice.put("finish_reason", event.finishReason());
            }
        }
        for (Map.Entry<String, JsonNode> field : event.extraFields().entrySet()) {
            chunk.set(field.getKey(), field.getValue());
        }
        SseWriter.write(null, chunk, out);
    }

    @Override
    public void encodeError(ErrorKind kind, String message, ByteArrayOutputStream out) {
        SseWriter.write(null, OpenAiAdapter.errorObject(kind, message, null), out);
        // The stream still ends as OpenAI streams do, so clients waiting for [DONE] do not hang.
        SseWriter.writeRaw(null, DONE_BYTES, out);
    }

    private ObjectNode newChunk(int index) {
        ObjectNode chunk = template != null ? template.deepCopy() : Json.NODES.objectNode();
        if (!chunk.has("object")) {
            chunk.put("object", "chat.completion.chunk");
        }
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return chunk;
    }

    private static ObjectNode ensureChoice(ObjectNode chunk, int index) {
        JsonNode choices = chunk.get("choices");
        if (choices instanceof ArrayNode array && !array.isEmpty() && array.get(0) instanceof ObjectNode first) {
            return first;
        }
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        choice.putObject("delta");
        choice.putNull("finish_reason");
        return choice;
    }

}
