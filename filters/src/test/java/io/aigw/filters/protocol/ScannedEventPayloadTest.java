package io.aigw.filters.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.Transcripts;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.pipeline.StreamResponseProcessor;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.filters.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A scanned event builds its JSON tree only when asked for it, once, and encodes as before when changed. */
class ScannedEventPayloadTest {

    private static final String CHUNK = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"m\","
            + "\"system_fingerprint\":\"fp\",\"service_tier\":\"default\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":null}]}";

    @ParameterizedTest
    @CsvSource({"OPENAI, openai-stream.sse", "ANTHROPIC, anthropic-stream.sse"})
    void passingThroughReadsUsageAndBlocksWithoutBuildingAnyTree(Protocol protocol, String transcript) {
        byte[] input = Transcripts.load(transcript);
        AnswerGrammar grammar = ProtocolAdapters.of(protocol).answerGrammar();
        List<ChatEvent> seen = new ArrayList<>();
        TokenCounts[] usage = {new TokenCounts(null, null)};
        ResponseStage reader = (event, next) -> {
            usage[0] = usage[0].updatedBy(event.usage());
            grammar.opensBlock(event);
            grammar.closesBlock(event);
            seen.add(event);
            next.accept(event);
        };
        StreamResponseProcessor processor = new StreamResponseProcessor(ProtocolAdapters.of(protocol).newStreamTranslator(),
                List.of(reader), 1 << 16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(processor.onBytes(input, 0, input.length));
        out.writeBytes(processor.onUpstreamEnd());

        assertThat(out.toByteArray()).isEqualTo(input);
        assertThat(seen).filteredOn(e -> !"[DONE]".equals(e.source().data()))
                .hasSizeGreaterThan(10)
                .allSatisfy(e -> assertThat(e.payloadParsed()).isFalse());
        assertThat(usage[0]).isEqualTo(protocol == Protocol.OPENAI ? new TokenCounts(19L, 21L) : new TokenCounts(25L, 15L));
    }

    @Test
    void thePayloadIsParsedOnceAndSharedWithCopies() {
        ChatEvent event = decodeOpenAi(CHUNK);
        ChatEvent copy = event.withText("Hello");

        assertThat(event.payloadParsed()).isFalse();
        assertThat(copy.payload()).isEqualTo(Json.parseUpstream(CHUNK));
        assertThat(event.payloadParsed()).isTrue();
        assertThat(event.payload()).isSameAs(copy.payload());
        assertThat(copy.dataType()).isNull();
        assertThat(copy.changed()).isTrue();
    }

    @Test
    void aScannedEventEqualsTheSameEventWithItsTreeGiven() {
        ChatEvent scanned = decodeOpenAi(CHUNK);
        ChatEvent given = ChatEvent.decoded(scanned.source(), Json.parseUpstream(CHUNK), 0, "Hi", null, false);

        assertThat(scanned).isEqualTo(given).hasSameHashCodeAs(given);
        assertThat(scanned.withText("x")).isNotEqualTo(given);
        assertThat(scanned.toString()).contains("text=Hi").doesNotContain("payload");
    }

    @Test
    void aChangedOpenAiChunkIsEncodedFromItsTreeAndACreatedOneFromTheFirstChunksFields() {
        StreamTranslator translator = ProtocolAdapters.of(Protocol.OPENAI).newStreamTranslator();
        List<ChatEvent> out = new ArrayList<>();
        translator.decode(SseEvent.of(null, CHUNK), out);
        ByteArrayOutputStream changed = new ByteArrayOutputStream();
        translator.encode(out.get(0).withText("[AI] Hi"), changed);
        ByteArrayOutputStream created = new ByteArrayOutputStream();
        translator.encode(ChatEvent.text(0, "!"), created);

        assertThat(changed.toString(StandardCharsets.UTF_8)).isEqualTo("data: " + CHUNK.replace("\"Hi\"", "\"[AI] Hi\"") + "\n\n");
        assertThat(created.toString(StandardCharsets.UTF_8)).isEqualTo("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
                + "\"created\":7,\"model\":\"m\",\"system_fingerprint\":\"fp\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}\n\n");
    }

    @Test
    void theTemplateKeepsNullFieldsAndWaitsForAChunkWithAnId() {
        StreamTranslator translator = ProtocolAdapters.of(Protocol.OPENAI).newStreamTranslator();
        List<ChatEvent> out = new ArrayList<>();
        translator.decode(SseEvent.of(null, "{\"model\":\"early\",\"choices\":[]}"), out);
        translator.decode(SseEvent.of(null, "{\"system_fingerprint\":null,\"id\":\"c2\",\"created\":{\"odd\":[1]},\"choices\":[]}"), out);
        translator.decode(SseEvent.of(null, "{\"id\":\"later\",\"model\":\"later\",\"choices\":[]}"), out);
        ByteArrayOutputStream created = new ByteArrayOutputStream();
        translator.encode(ChatEvent.finish(1, "stop"), created);

        assertThat(created.toString(StandardCharsets.UTF_8)).isEqualTo("data: {\"id\":\"c2\",\"created\":{\"odd\":[1]},"
                + "\"system_fingerprint\":null,\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":1,"
                + "\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
    }

    @Test
    void aChangedAnthropicDeltaIsEncodedFromItsTree() {
        String data = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}";
        StreamTranslator translator = ProtocolAdapters.of(Protocol.ANTHROPIC).newStreamTranslator();
        List<ChatEvent> out = new ArrayList<>();
        translator.decode(SseEvent.of("content_block_delta", data), out);
        ByteArrayOutputStream changed = new ByteArrayOutputStream();
        translator.encode(out.get(0).withText("**"), changed);

        assertThat(out.get(0).dataType()).isEqualTo("content_block_delta");
        assertThat(changed.toString(StandardCharsets.UTF_8))
                .isEqualTo("event: content_block_delta\ndata: " + data.replace("\"Hi\"", "\"**\"") + "\n\n");
    }

    @Test
    void jsonAnswersCarryTheirUsageOnTheEndEvent() {
        JsonAnswer answer = ProtocolAdapters.of(Protocol.ANTHROPIC).jsonTranslator().decode(("{\"id\":\"m\",\"type\":\"message\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"usage\":{\"input_tokens\":7,\"output_tokens\":2}}")
                .getBytes(StandardCharsets.UTF_8));
        ChatEvent end = answer.events().get(answer.events().size() - 1);

        assertThat(end.usage()).isEqualTo(new TokenCounts(7L, 2L));
        assertThat(end.payload()).isSameAs(answer.body());
        assertThat(end.dataType()).isEqualTo("message");
    }

    private static ChatEvent decodeOpenAi(String data) {
        List<ChatEvent> out = new ArrayList<>();
        ProtocolAdapters.of(Protocol.OPENAI).newStreamTranslator().decode(SseEvent.of(null, data), out);
        return out.get(0);
    }
}
