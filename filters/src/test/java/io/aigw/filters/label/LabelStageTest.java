package io.aigw.filters.label;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.pipeline.HeaderSink;
import io.aigw.filters.pipeline.JsonResponseProcessor;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.pipeline.StreamResponseProcessor;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@link LabelStage} over the real translators, one test per protocol edge case; no Spring. */
class LabelStageTest {

    private static final SigningKeys KEYS = SigningKeys.generateInMemory();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    private static final String ZH = LabelConfig.DEFAULT_ZH_CN;
    private static final String PREFIX = ZH + "\n\n";
    private static final String SUFFIX = "\n\n" + ZH;

    private final List<LabeledAnswer> generated = new ArrayList<>();
    private final Map<String, String> headers = new HashMap<>();
    private final HeaderSink sink = headers::put;
    private int blocked;
    private final List<Boolean> explicitCompleteSoFar = new ArrayList<>();
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

        @Override
        public void progressed(String produceId, boolean explicitComplete) {
            explicitCompleteSoFar.add(explicitComplete);
        }
    };

    private LabelStage newStage(Protocol protocol, LabelPosition position) {
        return newStage(protocol, position, null);
    }

    private LabelStage newStage(Protocol protocol, LabelPosition position, ExplicitLabelOutcome omission) {
        Labeler labeler = new Labeler(LabelConfig.builder().position(position).build(), "aigw", () -> KEYS,
                new ProduceIdGenerator(CLOCK), CLOCK);
        AnswerLabeling labeling = labeler.start(new AnswerSubject("p", "001191110102MAD55U9H0F10002", "m"),
                labeler.config().resolve(null, null));
        labeling.omissionBasis("UA-2026 §7");
        stage = new LabelStage(labeling, ProtocolAdapters.of(protocol).answerGrammar(), ProtocolAdapters.of(protocol).contentFilterFinishReason(),
                "p", outcomes, omission);
        return stage;
    }

    private JsonNode json(Protocol protocol, LabelPosition position, ExplicitLabelOutcome omission, String body) {
        JsonResponseProcessor processor = new JsonResponseProcessor(ProtocolAdapters.of(protocol).jsonTranslator(),
                List.of(newStage(protocol, position, omission)), sink);
        return Json.parseUpstream(processor.process(body.getBytes(StandardCharsets.UTF_8)));
    }

    private String stream(Protocol protocol, LabelPosition position, String upstream, boolean complete) {
        return stream(protocol, position, null, upstream, complete);
    }

    private String stream(Protocol protocol, LabelPosition position, ExplicitLabelOutcome omission, String upstream,
            boolean complete) {
        return stream(protocol, List.of(newStage(protocol, position, omission)), upstream, complete);
    }

    /**
     * Like the content scan stage's block: the upstream's content-filter finish replaced by one the
     * policy made, before the label stage.
     */
    private String streamBlockedByThePolicy(Protocol protocol, LabelPosition position, String upstream) {
        String reason = ProtocolAdapters.of(protocol).contentFilterFinishReason();
        ResponseStage policy = (event, next) -> next.accept(reason.equals(event.finishReason())
                ? ChatEvent.finish(event.index(), reason) : event);
        return stream(protocol, List.of(policy, newStage(protocol, position, null)), upstream, true);
    }

    private String stream(Protocol protocol, List<ResponseStage> stages, String upstream, boolean complete) {
        StreamResponseProcessor processor = new StreamResponseProcessor(
                ProtocolAdapters.of(protocol).newStreamTranslator(), stages, 1 << 20, sink);
        byte[] bytes = upstream.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        // Byte by byte: the stage must not depend on how the upstream chunks its events.
        for (int i = 0; i < bytes.length; i++) {
            out.append(new String(processor.onBytes(bytes, i, 1), StandardCharsets.UTF_8));
        }
        if (complete) {
            out.append(new String(processor.onUpstreamEnd(), StandardCharsets.UTF_8));
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
    void anthropicToolUseOnlyGetsNoInsertedTextButTheImplicitLabelAndTheReceipt() {
        String upstream = MESSAGE_START + toolUse(0) + messageDelta("tool_use") + MESSAGE_STOP;
        String out = stream(Protocol.ANTHROPIC, LabelPosition.BOTH, upstream, true);

        assertThat(anthropicText(out)).isEmpty();
        assertThat(out).startsWith(upstream.substring(0, upstream.length() - MESSAGE_STOP.length()));
        JsonNode stop = dataOf(out).get(dataOf(out).size() - 1);
        assertThat(stop.has("aigc")).isTrue();
        assertThat(stop.path("aigc_receipt").stringValue()).isNotEmpty();
        assertThat(generated).singleElement().satisfies(a -> {
            assertThat(a.fullyLabeled()).isTrue();
            assertThat(a.explicitLabels()).containsExactly(ExplicitLabelOutcome.OMITTED_TOOL_CALL);
            assertThat(a.claims().choices().get(0).toolCalls()).singleElement()
                    .satisfies(t -> assertThat(t.name()).isEqualTo("f"));
        });
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
        String out = streamBlockedByThePolicy(Protocol.ANTHROPIC, LabelPosition.BOTH, MESSAGE_START + textStart(0) + textDelta(0, "Hi")
                + blockStop(0) + messageDelta("refusal") + MESSAGE_STOP);

        String text = anthropicText(out);
        assertThat(text).isEqualTo(PREFIX + "Hi");
        List<JsonNode> events = dataOf(out);
        assertReceiptCovers(text, events.get(events.size() - 1).path("aigc_receipt").stringValue());
        assertThat(generated).singleElement().satisfies(a -> assertThat(a.fullyLabeled()).isFalse());
    }

    @Test
    void anthropicStreamBlockedBeforeAnyTextIsNotLabeled() {
        String upstream = MESSAGE_START + messageDelta("refusal") + MESSAGE_STOP;
        String out = streamBlockedByThePolicy(Protocol.ANTHROPIC, LabelPosition.PREFIX, upstream);

        assertThat(out).doesNotContain(ZH).doesNotContain("aigc").contains("\"stop_reason\":\"refusal\"");
        assertThat(generated).isEmpty();
        assertThat(blocked).isEqualTo(1);
    }

    @Test
    void anthropicUpstreamRefusalAfterTextIsLabeledLikeAnyText() {
        String out = stream(Protocol.ANTHROPIC, LabelPosition.BOTH, MESSAGE_START + textStart(0) + textDelta(0, "Hello..")
                + blockStop(0) + messageDelta("refusal") + MESSAGE_STOP, true);

        String text = anthropicText(out);
        assertThat(text).isEqualTo(PREFIX + "Hello.." + SUFFIX);
        assertThat(out).contains("\"stop_reason\":\"refusal\"");
        List<JsonNode> events = dataOf(out);
        assertReceiptCovers(text, events.get(events.size() - 1).path("aigc_receipt").stringValue());
        assertThat(generated).singleElement().satisfies(a -> {
            assertThat(a.explicitLabels()).containsExactly(ExplicitLabelOutcome.IN_TEXT);
            assertThat(a.fullyLabeled()).isTrue();
        });
        assertThat(blocked).isZero();
    }

    @Test
    void anthropicUpstreamRefusalWithoutTextGetsNoTextAndIsRecordedAsARefusal() {
        String out = stream(Protocol.ANTHROPIC, LabelPosition.PREFIX, MESSAGE_START + messageDelta("refusal") + MESSAGE_STOP, true);

        assertThat(anthropicText(out)).isEmpty();
        assertThat(dataOf(out).get(dataOf(out).size() - 1).has("aigc_receipt")).isTrue();
        assertThat(generated).singleElement()
                .satisfies(a -> assertThat(a.explicitLabels()).containsExactly(ExplicitLabelOutcome.OMITTED_REFUSAL));
    }

    @Test
    void anthropicJsonUpstreamRefusalIsLabeledWhenItHasTextAndRecordedWhenNot() {
        JsonNode withText = json(Protocol.ANTHROPIC, LabelPosition.PREFIX, null, "{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Hello..\"}],\"stop_reason\":\"refusal\"}");
        JsonNode without = json(Protocol.ANTHROPIC, LabelPosition.PREFIX, null, "{\"id\":\"msg_2\",\"type\":\"message\","
                + "\"content\":[],\"stop_reason\":\"refusal\"}");

        assertThat(withText.path("content").get(0).path("text").stringValue()).isEqualTo(PREFIX + "Hello..");
        assertThat(without.path("content")).isEmpty();
        assertThat(without.has("aigc")).isTrue();
        assertThat(generated).extracting(LabeledAnswer::explicitLabels)
                .containsExactly(List.of(ExplicitLabelOutcome.IN_TEXT), List.of(ExplicitLabelOutcome.OMITTED_REFUSAL));
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
    void aStreamCutShortIsNeverReportedAsAWholeAnswerOnlyAsFarAsItsLabelWent() {
        String upstream = chunk("{\"content\":\"Hi\"}", null);
        String out = stream(Protocol.OPENAI, LabelPosition.BOTH, upstream, false); // no end event: no completion call either

        assertThat(openAiText(out)).isEqualTo(PREFIX + "Hi");
        assertThat(generated).isEmpty();
        // The prefix went out, the suffix never did: the audit sees an incomplete explicit label.
        assertThat(explicitCompleteSoFar).isNotEmpty().last().isEqualTo(false);
    }

    @Test
    void aToolCallStreamBlockedInItsArgumentsIsRecordedAsAToolCallNotAsAMissingLabel() {
        String upstream = chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"t\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"q\\\":\"}}]}", null)
                + chunk("{}", "content_filter") + "data: [DONE]\n\n";

        String out = streamBlockedByThePolicy(Protocol.OPENAI, LabelPosition.PREFIX, upstream);

        assertThat(openAiText(out)).isEmpty();
        assertThat(generated).singleElement().satisfies(a -> {
            assertThat(a.explicitLabels()).containsExactly(ExplicitLabelOutcome.OMITTED_TOOL_CALL);
            assertThat(a.fullyLabeled()).isTrue();
        });
    }

    @Test
    void twoChoicesCutByABlockSayPerChoiceWhatWentOut() {
        String upstream = chunk("{\"role\":\"assistant\",\"content\":\"Hi\"}", null)
                + chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"t\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}", null).replace("\"index\":0,\"delta\"", "\"index\":1,\"delta\"")
                + chunk("{}", "content_filter").replace("\"index\":0,\"delta\"", "\"index\":1,\"delta\"") + "data: [DONE]\n\n";

        streamBlockedByThePolicy(Protocol.OPENAI, LabelPosition.BOTH, upstream);

        assertThat(generated).singleElement().satisfies(a -> assertThat(a.explicitLabels())
                .containsExactly(ExplicitLabelOutcome.NONE, ExplicitLabelOutcome.OMITTED_TOOL_CALL));
    }

    @Test
    void anthropicJsonLabelsTheFirstAndLastTextBlocks() {
        String body = "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"A\"},"
                + "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}},{\"type\":\"text\",\"text\":\"B\"}],\"stop_reason\":\"end_turn\"}";
        JsonResponseProcessor processor = new JsonResponseProcessor(ProtocolAdapters.of(Protocol.ANTHROPIC).jsonTranslator(),
                List.of(newStage(Protocol.ANTHROPIC, LabelPosition.BOTH)), sink);

        JsonNode out = Json.parseUpstream(processor.process(body.getBytes(StandardCharsets.UTF_8)));

        assertThat(out.path("content").get(0).path("text").stringValue()).isEqualTo(PREFIX + "A");
        assertThat(out.path("content").get(1).path("type").stringValue()).isEqualTo("tool_use");
        assertThat(out.path("content").get(2).path("text").stringValue()).isEqualTo("B" + SUFFIX);
        assertReceiptCovers(PREFIX + "AB" + SUFFIX, headers.get("AIGC-Receipt"));
        assertThat(Json.parseUpstream(headers.get("AIGC"))).isEqualTo(out.get("aigc"));
    }

    @Test
    void openAiJsonWithToolCallsOnlyKeepsContentNullAndItsArguments() {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\": 1}\"}}]},\"finish_reason\":\"tool_calls\"}]}";

        JsonNode out = json(Protocol.OPENAI, LabelPosition.BOTH, null, body);

        JsonNode message = out.path("choices").get(0).path("message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.path("tool_calls").get(0).path("function").path("arguments").stringValue()).isEqualTo("{\"a\": 1}");
        assertThat(out.has("aigc")).isTrue();
        assertThat(headers).containsKeys("AIGC", "AIGC-Receipt", "AI-Disclosure");
        assertThat(generated).singleElement().satisfies(a -> {
            assertThat(a.explicitLabels()).containsExactly(ExplicitLabelOutcome.OMITTED_TOOL_CALL);
            assertThat(a.claims().choices().get(0).toolCalls()).singleElement().isEqualTo(
                    new ChoiceClaims.ToolCallClaims("f", Receipts.contentSha256("{\"a\": 1}")));
        });
    }

    @Test
    void aJsonBodyThatIsNoAnswerPassesUntouched() {
        JsonResponseProcessor processor = new JsonResponseProcessor(ProtocolAdapters.of(Protocol.OPENAI).jsonTranslator(),
                List.of(newStage(Protocol.OPENAI, LabelPosition.PREFIX)), sink);

        assertThat(processor.process("{}".getBytes(StandardCharsets.UTF_8))).asString().isEqualTo("{}");
        assertThat(headers).isEmpty();
        assertThat(generated).isEmpty();
    }

    @Test
    void streamHeadersAreTheDisclosureAndAProvisionalAigc() {
        newStage(Protocol.OPENAI, LabelPosition.PREFIX).onStart(true, sink);

        assertThat(headers.get("AI-Disclosure")).isEqualTo("mode=ai-originated, model=\"m\", provider=\"aigw\", date=@1795514400");
        assertThat(Json.parseUpstream(headers.get("AIGC")).path("ReservedCode1").stringValue()).isEmpty();
        assertThat(headers.get("AIGC-Receipt")).isNull();
    }

    // ---------------------------------------------------------------- answer shapes (issue 20)

    private static String choiceChunk(int index, String delta, String finish) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":" + index
                + ",\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    /** The OpenAI documented tool-call stream: content null, arguments in pieces, finish_reason tool_calls. */
    static final String OPENAI_TOOL_STREAM = choiceChunk(0, "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}],\"refusal\":null}", null)
            + choiceChunk(0, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"loc\"}}]}", null)
            + choiceChunk(0, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ation\\\":\\\"北京\\\"}\"}}]}", null)
            + choiceChunk(0, "{}", "tool_calls") + "data: [DONE]\n\n";

    @Test
    void openAiStreamedToolCallSplitAtEveryByteGetsNoTextAndItsArgumentsUnchanged() {
        String out = stream(Protocol.OPENAI, LabelPosition.BOTH, OPENAI_TOOL_STREAM, true);

        assertThat(openAiText(out)).isEmpty();
        StringBuilder arguments = new StringBuilder();
        for (JsonNode e : dataOf(out)) {
            for (JsonNode call : e.path("choices").path(0).path("delta").path("tool_calls")) {
                arguments.append(call.path("function").path("arguments").stringValue());
            }
        }
        assertThat(arguments.toString()).isEqualTo("{\"location\":\"北京\"}");
        // Every upstream event goes out byte for byte but the last JSON one, which carries the implicit label.
        String[] upstream = OPENAI_TOOL_STREAM.split("\n\n");
        for (int i = 0; i < upstream.length - 2; i++) {
            assertThat(out).contains(upstream[i] + "\n\n");
        }
        JsonNode last = dataOf(out).get(dataOf(out).size() - 1);
        assertThat(last.path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("tool_calls");
        assertThat(last.has("aigc")).isTrue();
        assertThat(generated).singleElement().satisfies(a -> {
            assertThat(a.explicitLabels()).containsExactly(ExplicitLabelOutcome.OMITTED_TOOL_CALL);
            assertThat(a.fullyLabeled()).isTrue();
            assertThat(a.claims().choices().get(0).toolCalls()).containsExactly(new ChoiceClaims.ToolCallClaims(
                    "get_weather", Receipts.contentSha256("{\"location\":\"北京\"}")));
        });
    }

    @Test
    void openAiTwoStreamedChoicesAreEachLabeledAndHashedApart() {
        String upstream = choiceChunk(0, "{\"role\":\"assistant\",\"content\":\"\"}", null)
                + choiceChunk(1, "{\"role\":\"assistant\",\"content\":\"\"}", null)
                + choiceChunk(0, "{\"content\":\"A\"}", null) + choiceChunk(1, "{\"content\":\"B\"}", null)
                + choiceChunk(0, "{}", "stop") + choiceChunk(1, "{\"content\":\"b\"}", null) + choiceChunk(1, "{}", "stop")
                + "data: [DONE]\n\n";

        String out = stream(Protocol.OPENAI, LabelPosition.BOTH, upstream, true);

        Map<Integer, StringBuilder> texts = new HashMap<>();
        for (JsonNode e : dataOf(out)) {
            JsonNode choice = e.path("choices").path(0);
            if (choice.path("delta").path("content").isString()) {
                texts.computeIfAbsent(choice.path("index").asInt(), i -> new StringBuilder())
                        .append(choice.path("delta").path("content").stringValue());
            }
        }
        assertThat(texts.get(0)).hasToString(PREFIX + "A" + SUFFIX);
        assertThat(texts.get(1)).hasToString(PREFIX + "Bb" + SUFFIX);
        LabeledAnswer answer = generated.get(0);
        assertThat(answer.explicitLabels()).containsExactly(ExplicitLabelOutcome.IN_TEXT, ExplicitLabelOutcome.IN_TEXT);
        assertThat(answer.claims().contentSha256Of(1)).hasValue(Receipts.contentSha256(PREFIX + "Bb" + SUFFIX));
        String receipt = dataOf(out).get(dataOf(out).size() - 1).path("aigc_receipt").stringValue();
        assertThat(ReceiptVerifier.verify(PREFIX + "Bb" + SUFFIX, receipt, KEYS.jwks(), 1).valid()).isTrue();
        assertThat(ReceiptVerifier.verify(PREFIX + "Bb" + SUFFIX, receipt, KEYS.jwks(), 0).valid()).isFalse();
        assertReceiptCovers(PREFIX + "A" + SUFFIX, receipt);
    }

    @Test
    void openAiStreamedRefusalIsLabeledAsRefusalText() {
        String upstream = choiceChunk(0, "{\"role\":\"assistant\",\"content\":null,\"refusal\":\"\"}", null)
                + choiceChunk(0, "{\"refusal\":\"I can't help with that.\"}", null) + choiceChunk(0, "{}", "stop") + "data: [DONE]\n\n";

        String out = stream(Protocol.OPENAI, LabelPosition.BOTH, upstream, true);

        StringBuilder refusal = new StringBuilder();
        for (JsonNode e : dataOf(out)) {
            JsonNode delta = e.path("choices").path(0).path("delta");
            assertThat(delta.path("content").isString()).as("no content text in %s", e).isFalse();
            if (delta.path("refusal").isString()) {
                refusal.append(delta.path("refusal").stringValue());
            }
        }
        assertThat(refusal).hasToString(PREFIX + "I can't help with that." + SUFFIX);
        assertThat(generated.get(0).explicitLabels()).containsExactly(ExplicitLabelOutcome.IN_TEXT);
    }

    @Test
    void openAiReasoningContentIsNeitherLabeledNorHashed() {
        String upstream = choiceChunk(0, "{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"think\"}", null)
                + choiceChunk(0, "{\"content\":\"Hi\",\"reasoning_content\":null}", null) + choiceChunk(0, "{}", "stop")
                + "data: [DONE]\n\n";

        String out = stream(Protocol.OPENAI, LabelPosition.PREFIX, upstream, true);

        assertThat(out).startsWith(choiceChunk(0, "{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"think\"}", null));
        assertThat(openAiText(out)).isEqualTo(PREFIX + "Hi");
        assertReceiptCovers(PREFIX + "Hi", dataOf(out).get(dataOf(out).size() - 1).path("aigc_receipt").stringValue());
    }

    @Test
    void aStructuredAnswerStreamGetsNoTextButTheImplicitLabel() {
        String upstream = choiceChunk(0, "{\"role\":\"assistant\",\"content\":\"{\\\"answer\\\":\"}", null)
                + choiceChunk(0, "{\"content\":\"42}\"}", null) + choiceChunk(0, "{}", "stop") + "data: [DONE]\n\n";

        String out = stream(Protocol.OPENAI, LabelPosition.BOTH, ExplicitLabelOutcome.OMITTED_STRUCTURED, upstream, true);

        assertThat(Json.parseUpstream(openAiText(out)).path("answer").asInt()).isEqualTo(42);
        assertThat(dataOf(out).get(dataOf(out).size() - 1).has("aigc")).isTrue();
        assertThat(generated.get(0).explicitLabels()).containsExactly(ExplicitLabelOutcome.OMITTED_STRUCTURED);
        assertThat(generated.get(0).omissionBasis()).isNull();
        assertReceiptCovers("{\"answer\":42}", dataOf(out).get(dataOf(out).size() - 1).path("aigc_receipt").stringValue());
    }

    @Test
    void anOptedOutProductsJsonAnswerGetsNoTextAndRecordsTheAgreement() {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}";

        JsonNode out = json(Protocol.OPENAI, LabelPosition.BOTH, ExplicitLabelOutcome.OMITTED_OPT_OUT, body);

        assertThat(out.path("choices").get(0).path("message").path("content").stringValue()).isEqualTo("Hi");
        assertThat(generated.get(0).explicitLabels()).containsExactly(ExplicitLabelOutcome.OMITTED_OPT_OUT);
        assertThat(generated.get(0).omissionBasis()).isEqualTo("UA-2026 §7");
        assertThat(generated.get(0).explicitLabelNeeded()).isFalse();
    }

    @Test
    void openAiJsonWithTwoChoicesLabelsBothAndTheRefusalOfAThird() {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"choices\":["
                + "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A\"},\"finish_reason\":\"stop\"},"
                + "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},\"finish_reason\":\"stop\"},"
                + "{\"index\":2,\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":\"No.\"},\"finish_reason\":\"stop\"}]}";

        JsonNode out = json(Protocol.OPENAI, LabelPosition.PREFIX, null, body);

        assertThat(out.path("choices").get(0).path("message").path("content").stringValue()).isEqualTo(PREFIX + "A");
        assertThat(out.path("choices").get(1).path("message").path("content").stringValue()).isEqualTo(PREFIX + "B");
        assertThat(out.path("choices").get(2).path("message").get("content").isNull()).isTrue();
        assertThat(out.path("choices").get(2).path("message").path("refusal").stringValue()).isEqualTo(PREFIX + "No.");
        assertThat(generated.get(0).explicitLabels()).containsOnly(ExplicitLabelOutcome.IN_TEXT).hasSize(3);
        assertThat(ReceiptVerifier.verify(PREFIX + "No.", headers.get("AIGC-Receipt"), KEYS.jwks(), 2).valid()).isTrue();
    }

    @Test
    void anthropicThinkingWithSignatureIsPassedAsItCameAndNotLabeled() {
        String thinking = anthropic("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}")
                + anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me think.\"}}")
                + anthropic("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM\"}}")
                + blockStop(0);
        String upstream = MESSAGE_START + thinking + textStart(1) + textDelta(1, "Hi") + blockStop(1) + messageDelta("end_turn") + MESSAGE_STOP;

        String out = stream(Protocol.ANTHROPIC, LabelPosition.PREFIX, upstream, true);

        assertThat(out).startsWith(MESSAGE_START + thinking + textStart(1));
        assertThat(anthropicText(out)).isEqualTo(PREFIX + "Hi");
        assertReceiptCovers(PREFIX + "Hi", dataOf(out).get(dataOf(out).size() - 1).path("aigc_receipt").stringValue());
    }
}
