package io.aigw.bench;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.StreamTranslator;
import io.aigw.filters.protocol.TokenCounts;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.filters.sse.SseEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

/**
 * Per-chunk cost of a stream translator on the pass-through path: decode one upstream chunk, read its
 * usage (as the gateway's usage recorder does for every event), encode it unchanged. {@code *Scan} is
 * the translator as it is (streaming parser, tree on demand); {@code *TreeDecode} rebuilds the former
 * decode (full {@link Json#parseUpstream(String)} tree, fields read from it, usage read from the tree)
 * with the same encode; {@code *TreeParseOnly} is the tree parse alone. Chunks as real upstreams send
 * them (OpenAI's carry ids, fingerprint, logprobs, obfuscation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamTranslateBenchmark {

    private static final String OPENAI_CHUNK = "{\"id\":\"chatcmpl-BxQ3v8mZkQe2gYw1pL9tR4uN7cA0s\","
            + "\"object\":\"chat.completion.chunk\",\"created\":1763983201,\"model\":\"gpt-4o-2024-08-06\","
            + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_cbf1785567\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\" there, how\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,"
            + "\"obfuscation\":\"x1Yz\"}";
    private static final String ANTHROPIC_DELTA = "{\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\" there, how\"}}";

    private final SseEvent openAiEvent = SseEvent.of(null, OPENAI_CHUNK);
    private final SseEvent anthropicEvent = SseEvent.of("content_block_delta", ANTHROPIC_DELTA);
    private final List<ChatEvent> decoded = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private StreamTranslator openAi;
    private StreamTranslator anthropic;

    @Setup
    public void setUp() {
        openAi = ProtocolAdapters.of(Protocol.OPENAI).newStreamTranslator();
        anthropic = ProtocolAdapters.of(Protocol.ANTHROPIC).newStreamTranslator();
        // Mid-stream state: the first chunk (template) and the text block's start were seen.
        openAi.decode(openAiEvent, new ArrayList<>());
        anthropic.decode(SseEvent.of("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                new ArrayList<>());
    }

    @Benchmark
    public int openAiScan() {
        decoded.clear();
        openAi.decode(openAiEvent, decoded);
        return passThrough(openAi, decoded.get(0), decoded.get(0).usage());
    }

    @Benchmark
    public int openAiTreeDecode() {
        JsonNode chunk = Json.parseUpstream(openAiEvent.data());
        JsonNode choices = chunk.get("choices");
        JsonNode choice = choices != null && choices.isArray() && !choices.isEmpty() ? choices.get(0) : null;
        ChatEvent event = choice == null
                ? ChatEvent.decoded(openAiEvent, chunk, 0, null, null, false)
                : ChatEvent.decoded(openAiEvent, chunk, choice.path("index").asInt(0),
                        Json.stringOrNull(choice.get("delta"), "content"), Json.stringOrNull(choice, "finish_reason"), false);
        return passThrough(openAi, event, ProtocolAdapters.of(Protocol.OPENAI).usage(event.payload()));
    }

    @Benchmark
    public JsonNode openAiTreeParseOnly() {
        return Json.parseUpstream(openAiEvent.data());
    }

    @Benchmark
    public int anthropicScan() {
        decoded.clear();
        anthropic.decode(anthropicEvent, decoded);
        return passThrough(anthropic, decoded.get(0), decoded.get(0).usage());
    }

    @Benchmark
    public int anthropicTreeDecode() {
        JsonNode data = Json.parseUpstream(anthropicEvent.data());
        String type = Json.stringOrNull(data, "type");
        JsonNode delta = data.get("delta");
        String text = "content_block_delta".equals(type) && "text_delta".equals(Json.stringOrNull(delta, "type"))
                ? Json.stringOrNull(delta, "text") : null;
        ChatEvent event = ChatEvent.decoded(anthropicEvent, data, data.path("index").asInt(0), text, null, false);
        return passThrough(anthropic, event, ProtocolAdapters.of(Protocol.ANTHROPIC).usage(event.payload()));
    }

    @Benchmark
    public JsonNode anthropicTreeParseOnly() {
        return Json.parseUpstream(anthropicEvent.data());
    }

    private int passThrough(StreamTranslator translator, ChatEvent event, TokenCounts usage) {
        out.reset();
        translator.encode(event, out);
        return out.size() + (usage == null ? 0 : 1) + event.text().length();
    }
}
