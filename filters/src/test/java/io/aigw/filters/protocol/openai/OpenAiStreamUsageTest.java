package io.aigw.filters.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.RequestCodec;
import io.aigw.filters.protocol.RequestLimits;
import io.aigw.filters.protocol.StreamTranslator;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.filters.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class OpenAiStreamUsageTest {

    private static final String REST = "\"messages\":[{\"role\":\"user\",\"content\":\"naïve \\\"stream_options\\\" 1.50\"}],"
            + "\"temperature\":0.70";

    @Test
    void aBodyThatAlreadyAsksIsReturnedItself() {
        byte[] body = bytes("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true}," + REST + "}");
        assertThat(OpenAiStreamUsage.asking(body)).isSameAs(body);
        assertThat(OpenAiStreamUsage.asked(body)).isTrue();
    }

    /** Every way of not asking: the field added or its value replaced, and no other byte changed. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"model":"m","stream":true,REST}                                                     | {"stream_options":{"include_usage":true},"model":"m","stream":true,REST}
            { "model":"m","stream":true,REST}                                                    | {"stream_options":{"include_usage":true}, "model":"m","stream":true,REST}
            {"model":"m","stream_options":null,REST}                                             | {"model":"m","stream_options":{"include_usage":true},REST}
            {"model":"m","stream_options":{},REST}                                               | {"model":"m","stream_options":{"include_usage":true},REST}
            {"model":"m","stream_options":{ },REST}                                              | {"model":"m","stream_options":{"include_usage":true },REST}
            {"model":"m","stream_options":{"include_usage":false},REST}                          | {"model":"m","stream_options":{"include_usage":true},REST}
            {"model":"m","stream_options":{"include_usage":null, "x":1},REST}                    | {"model":"m","stream_options":{"include_usage":true, "x":1},REST}
            {"model":"m","stream_options":{"x":[1,{"include_usage":false}]},REST}                | {"model":"m","stream_options":{"include_usage":true,"x":[1,{"include_usage":false}]},REST}
            {"model":"m","stream_options":{"x":"a","include_usage":"yes"},REST}                  | {"model":"m","stream_options":{"x":"a","include_usage":true},REST}
            {"model":"m","stream_options":{"include_usage":0},REST}                              | {"model":"m","stream_options":{"include_usage":true},REST}
            {"model":"m","stream_options":{"include_usage":{"a":[true]}},REST}                   | {"model":"m","stream_options":{"include_usage":true},REST}
            {"model":"m","stream_options":[true],REST}                                           | {"model":"m","stream_options":{"include_usage":true},REST}
            {"model":"m","stream_options":"x",REST}                                              | {"model":"m","stream_options":{"include_usage":true},REST}
            {"model":"m","meta":{"stream_options":{"include_usage":true}},REST}                  | {"stream_options":{"include_usage":true},"model":"m","meta":{"stream_options":{"include_usage":true}},REST}
            """)
    void aBodyThatDoesNotAskGetsTheFieldAndKeepsEveryOtherByte(String given, String expected) {
        byte[] body = bytes(given.replace("REST", REST));
        byte[] asking = OpenAiStreamUsage.asking(body);
        assertThat(new String(asking, StandardCharsets.UTF_8)).isEqualTo(expected.replace("REST", REST));
        assertThat(OpenAiStreamUsage.asked(body)).isFalse();
        assertThat(OpenAiStreamUsage.asked(asking)).isTrue();
        JsonNode tree = Json.MAPPER.readTree(asking);
        assertThat(tree.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(tree.path("temperature").asString()).isEqualTo("0.7");
    }

    @Test
    void theSplicedBodyStillPassesTheStrictRequestRead() {
        byte[] body = bytes("{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":false}," + REST + "}");
        RequestCodec codec = ProtocolAdapters.of(Protocol.OPENAI).requestCodec();
        assertThat(codec.decode(OpenAiStreamUsage.asking(body), RequestLimits.NONE).stream()).isTrue();
    }

    @Test
    void onlyTheChunkWithEmptyChoicesAndAUsageIsTheUsageOnlyChunk() {
        List<ChatEvent> events = decode(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}",
                // Moonshot's style: usage inside the finishing choice; and a chunk with usage beside a choice.
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}]}",
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}",
                "{\"id\":\"c\",\"choices\":[]}",
                "[DONE]");
        assertThat(events).extracting(OpenAiStreamUsage::isUsageOnlyChunk)
                .containsExactly(false, false, true, false, false, false, false);
    }

    private static List<ChatEvent> decode(String... data) {
        StreamTranslator translator = ProtocolAdapters.of(Protocol.OPENAI).newStreamTranslator();
        List<ChatEvent> out = new ArrayList<>();
        for (String d : data) {
            translator.decode(SseEvent.of(null, d), out);
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
