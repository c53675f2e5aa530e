package io.aigw.gateway.label;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.label.AnswerSubject;
import io.aigw.filters.label.LabelConfig;
import io.aigw.filters.label.LabelPosition;
import io.aigw.filters.label.LabeledAnswer;
import io.aigw.filters.label.Labeler;
import io.aigw.filters.label.ProduceIdGenerator;
import io.aigw.filters.label.ReceiptVerifier;
import io.aigw.filters.label.SigningKeys;
import io.aigw.filters.pipeline.JsonResponseProcessor;
import io.aigw.filters.pipeline.StreamResponseProcessor;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/** {@link LabelStage} over the real translators, one test per protocol edge case; no Spring. */
class LabelStageTest {

    private static final SigningKeys KEYS = SigningKeys.generateInMemory();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    private static final String ZH = LabelConfig.DEFAULT_ZH_CN;
    private static final String PREFIX = ZH + "\n\n";
    private static final String SUFFIX = "\n\n" + ZH;

    private final List<LabeledAnswer> generated = new ArrayList<>();
    private int blocked;
    private LabelStage stage;

    private final LabelOutcomes outcomes = new LabelOutcomes() {
        @Override
        public void generated(String product, LabeledAnswer answer) {
            generated.add(answer);
        }

        @Override
        public void blocked(String product) {
            blocked++;
        }
    };

    private LabelStage newStage(Protocol protocol, LabelPosition position, boolean streaming) {
        Labeler labeler = new Labeler(LabelConfig.builder().position(position).build(), "aigw", () -> KEYS,
                new ProduceIdGenerator(CLOCK), CLOCK);
        stage = new LabelStage(
                labeler.start(new AnswerSubject("p", "001191110102MAD55U9H0F10002", "m"), labeler.config().resolve(null, null)),
                protocol.adapter().answerGrammar(), protocol.adapter().contentFilterFinishReason(), streaming, "p", outcomes);
        return stage;
    }

    private String stream(Protocol protocol, LabelPosition position, String upstream, boolean complete) {
        StreamResponseProcessor processor = new StreamResponseProcessor(
                protocol.adapter().newStreamTranslator(), List.of(newStage(protocol, position, true)), 1 << 20);
        byte[] bytes = upstream.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        // Byte by byte: the stage must not depend on how the upstream chunks its events.
        for (int i = 0; i < bytes.length; i++) {
            out.append(new String(processor.onBytes(bytes, i, 1), StandardCharsets.UTF_8));
        }
        if (complete) {
            out.append(new String(processor.onComplete(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static String anthropic(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    private static final String MESSAGE_START = anthropic("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}");
    private static final String MESSAGE_STOP = anthropic("message_stop", "{\"type\":\"message_stop\"}");

    private static String textStart(int index) {
        return anthropic("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    }

    private static String textDelta(int index, String text) {
        return anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
    }

    private static String blockStop(int index) {
        return anthropic("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    private static String toolUse(int index) {
        return anthropic("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}}")
                + anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}")
                + blockStop(index);
    }

    private static String messageDelta(String stopReason) {
        return anthropic("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":3}}");
    }

    private static List<JsonNode> dataOf(String sse) {
        List<JsonNode> result = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                result.add(Json.parseUpstream(line.substring(6)));
            }
        }
        return result;
    }

    /** Checks the Anthropic event grammar: deltas only inside their open block, message_delta with no block open. */
    private static String anthropicText(String sse) {
        Set<Integer> open = new HashSet<>();
        StringBuilder text = new StringBuilder();
        for (JsonNode e : dataOf(sse)) {
            int index = e.path("index").asInt(-1);
            switch (e.path("type").stringValue()) {
                case "content_block_start" -> assertThat(open.add(index)).as("block %d opens once", index).isTrue();
                case "content_block_delta" -> {
                    assertThat(open).as("delta of an open block").contains(index);
                    if ("text_delta".equals(e.path("delta").path("type").stringValue())) {
                        text.append(e.path("delta").path("text").stringValue());
                    }
                }
                case "content_block_stop" -> assertThat(open.remove(index)).as("block %d was open", index).isTrue();
                case "message_delta", "message_stop" -> assertThat(open).as("no block open at " + e).isEmpty();
                default -> { }
            }
        }
        return text.toString();
    }

    private static void assertReceiptCovers(String text, String receipt) {
        assertThat(ReceiptVerifier.verify(text, receipt, KEYS.jwks()).valid()).isTrue();
    }

    @Test
    void anthropicTextThenToolUseGetsItsSuffixInANewTextBlockAfterTheTool() {
        String out = stream(Protocol.ANTHROPIC, LabelPosition.BOTH, MESSAGE_START + textStart(0) + textDelta(0, "Hi")
                + blockStop(0) + toolUse(1) + messageDelta("tool_use") + MESSAGE_STOP, true);

        String text = anthropicText(out);
        assertThat(text).isEqualTo(PREFIX + "Hi" + SUFFIX);
        List<JsonNode> events = dataOf(out);
        JsonNode stop = events.get(events.size() - 1);
        assertThat(stop.path("type").stringValue()).isEqualTo("message_stop");
        assertReceiptCovers(text, stop.path("aigc_receipt").stringValue());
        assertThat(events).anySatisfy(e -> assertThat(e.path("index").asInt()).isEqualTo(2));
        assertThat(generated).singleElement().satisfies(a -> assertThat(a.fullyLabeled()).isTrue());
    }

    @Test
    void anthropicAnswerWithoutTextGetsTheLabelInATextBlockOfItsOwn() {
        String out = stream(Protocol.ANTHROPIC, LabelPosition.PREFIX, MESSAGE_START + toolUse(0) + messageDelta("tool_use") + MESSAGE_STOP, true);

        assertThat(anthropicText(out)).isEqualTo(PREFIX);
        assertThat(generated).singleElement().satisfies(a -> assertThat(a.fullyLabeled()).isTrue());
    }

    @Test
    void anthropicSuffixGoesBeforeTheStopOfTheLastTextBlock() {
        String out = stream(Protocol.ANTHROPIC, LabelPosition.SUFFIX, MESSAGE_START + textStart(0) + textDelta(0, "Hi")
                + blockStop(0) + messageDelta("end_turn") + MESSAGE_STOP, true);

        assertThat(anthropicText(out)).isEqualTo("Hi" + SUFFIX);
        assertThat(out).contains(textDelta(0, "Hi") + textDelta(0, "\\n\\n" + ZH) + blockStop(0) + messageDelta("end_turn"));
    }

    @Test
    void anthropicStreamBlockedAfterTextKeepsItsPrefixGetsNoSuffixAndARecordingReceipt() {
        String out = stream(Protocol.ANTHROPIC, LabelPosition.BOTH, MESSAGE_START + textStart(0) + textDelta(0, "Hi")
                + blockStop(0) + messageDelta("refusal") + MESSAGE_STOP, true);

        String text = anthropicText(out);
        assertThat(text).isEqualTo(PREFIX + "Hi");
        List<JsonNode> events = dataOf(out);
        assertReceiptCovers(text, events.get(events.size() - 1).path("aigc_receipt").stringValue());
        assertThat(generated).singleElement().satisfies(a -> assertThat(a.fullyLabeled()).isFalse());
    }

    @Test
    void anthropicStreamBlockedBeforeAnyTextIsNotLabeled() {
        String upstream = MESSAGE_START + messageDelta("refusal") + MESSAGE_STOP;
        String out = stream(Protocol.ANTHROPIC, LabelPosition.PREFIX, upstream, true);

        assertThat(out).isEqualTo(upstream);
        assertThat(generated).isEmpty();
        assertThat(blocked).isEqualTo(1);
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":"
                + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static final String USAGE = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"total_tokens\":3}}\n\n";

    private static String openAiText(String sse) {
        StringBuilder text = new StringBuilder();
        for (JsonNode e : dataOf(sse)) {
            JsonNode choice = e.path("choices").path(0);
            if (choice.path("delta").path("content").isString()) {
                text.append(choice.path("delta").path("content").stringValue());
            }
        }
        return text.toString();
    }

    @Test
    void openAiFinishChunkWithContentCarriesTheLabelsAroundIt() {
        String out = stream(Protocol.OPENAI, LabelPosition.BOTH, chunk("{\"role\":\"assistant\",\"content\":\"Hi\"}", "stop") + "data: [DONE]\n\n", true);

        assertThat(openAiText(out)).isEqualTo(PREFIX + "Hi" + SUFFIX);
        List<JsonNode> events = dataOf(out);
        assertThat(events).hasSize(1);
        assertReceiptCovers(PREFIX + "Hi" + SUFFIX, events.get(0).path("aigc_receipt").stringValue());
        assertThat(out).endsWith("data: [DONE]\n\n");
    }

    @Test
    void openAiImplicitLabelRidesOnTheUsageChunkAfterTheFinish() {
        String out = stream(Protocol.OPENAI, LabelPosition.SUFFIX, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
                + chunk("{\"content\":\"Hi\"}", null) + chunk("{}", "stop") + USAGE + "data: [DONE]\n\n", true);

        assertThat(openAiText(out)).isEqualTo("Hi" + SUFFIX);
        List<JsonNode> events = dataOf(out);
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("usage").path("total_tokens").asInt()).isEqualTo(3);
        assertThat(last.has("aigc")).isTrue();
        assertThat(events.subList(0, events.size() - 1)).noneSatisfy(e -> assertThat(e.has("aigc")).isTrue());
        // The suffix chunk comes before the finish chunk.
        assertThat(events.get(events.size() - 2).path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("stop");
        assertThat(events.get(events.size() - 3).path("choices").path(0).path("delta").path("content").stringValue()).isEqualTo(SUFFIX);
    }

    @Test
    void aStreamCutShortIsCountedButNotFullyLabeled() {
        String upstream = chunk("{\"content\":\"Hi\"}", null);
        String out = stream(Protocol.OPENAI, LabelPosition.BOTH, upstream, true);

        assertThat(openAiText(out)).isEqualTo(PREFIX + "Hi");
        assertThat(generated).singleElement().satisfies(a -> assertThat(a.fullyLabeled()).isFalse());
    }

    @Test
    void anthropicJsonLabelsTheFirstAndLastTextBlocks() {
        String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"A\"},"
                + "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}},{\"type\":\"text\",\"text\":\"B\"}],\"stop_reason\":\"end_turn\"}";
        JsonResponseProcessor processor = new JsonResponseProcessor(Protocol.ANTHROPIC.adapter().jsonTranslator(),
                List.of(newStage(Protocol.ANTHROPIC, LabelPosition.BOTH, false)));

        JsonNode out = Json.parseUpstream(processor.process(body.getBytes(StandardCharsets.UTF_8)));

        assertThat(out.path("content").get(0).path("text").stringValue()).isEqualTo(PREFIX + "A");
        assertThat(out.path("content").get(1).path("type").stringValue()).isEqualTo("tool_use");
        assertThat(out.path("content").get(2).path("text").stringValue()).isEqualTo("B" + SUFFIX);
        HttpHeaders headers = new HttpHeaders();
        stage.contributeHeaders(headers, false);
        assertReceiptCovers(PREFIX + "AB" + SUFFIX, headers.getFirst("AIGC-Receipt"));
        assertThat(Json.parseUpstream(headers.getFirst("AIGC"))).isEqualTo(out.get("aigc"));
    }

    @Test
    void openAiJsonWithToolCallsOnlyGetsTheLabelAsContent() {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}";
        JsonResponseProcessor processor = new JsonResponseProcessor(Protocol.OPENAI.adapter().jsonTranslator(),
                List.of(newStage(Protocol.OPENAI, LabelPosition.PREFIX, false)));

        JsonNode out = Json.parseUpstream(processor.process(body.getBytes(StandardCharsets.UTF_8)));

        assertThat(out.path("choices").get(0).path("message").path("content").stringValue()).isEqualTo(PREFIX);
        assertThat(out.path("choices").get(0).path("message").path("tool_calls").size()).isEqualTo(1);
    }

    @Test
    void aJsonBodyThatIsNoAnswerPassesUntouched() {
        JsonResponseProcessor processor = new JsonResponseProcessor(Protocol.OPENAI.adapter().jsonTranslator(),
                List.of(newStage(Protocol.OPENAI, LabelPosition.PREFIX, false)));

        assertThat(processor.process("{}".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("{}");
        HttpHeaders headers = new HttpHeaders();
        stage.contributeHeaders(headers, false);
        assertThat(headers.isEmpty()).isTrue();
        assertThat(generated).isEmpty();
    }

    @Test
    void streamHeadersAreTheDisclosureAndAProvisionalAigc() {
        HttpHeaders headers = new HttpHeaders();
        newStage(Protocol.OPENAI, LabelPosition.PREFIX, true).contributeHeaders(headers, true);

        assertThat(headers.getFirst("AI-Disclosure")).isEqualTo("mode=ai-originated, model=\"m\", provider=\"aigw\", date=@1795514400");
        assertThat(Json.parseUpstream(headers.getFirst("AIGC")).path("ReservedCode1").stringValue()).isEmpty();
        assertThat(headers.getFirst("AIGC-Receipt")).isNull();
    }
}
