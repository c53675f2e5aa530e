package io.aigw.filters.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.protocol.ChatMessage;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Json;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.RequestLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsTest {

    private static ChatRequest decode(String body) {
        return OpenAiEmbeddings.decode(body.getBytes(StandardCharsets.UTF_8), new RequestLimits(3, 10));
    }

    private static ErrorKind refusal(String body) {
        try {
            decode(body);
        } catch (ProtocolException e) {
            return e.kind();
        }
        throw new AssertionError("accepted " + body);
    }

    @Test
    void inputStringsAreThePromptsMessages() {
        ChatRequest one = decode("{\"model\":\"text-embedding-v4\",\"input\":\"你好\",\"dimensions\":1024}");
        assertThat(one.model()).isEqualTo("text-embedding-v4");
        assertThat(one.stream()).isFalse();
        assertThat(one.messages()).containsExactly(new ChatMessage("user", "你好"));
        assertThat(decode("{\"model\":\"m\",\"input\":[\"a\",\"b\"]}").messages()).extracting(ChatMessage::text).containsExactly("a", "b");
    }

    @Test
    void tokenIdsAreAcceptedButAreNoText() {
        ChatRequest tokens = decode("{\"model\":\"m\",\"input\":[[1,2],[3]]}");
        assertThat(tokens.messages()).isEmpty();
        assertThat(OpenAiEmbeddings.hasTokenInput(tokens)).isTrue();
        assertThat(OpenAiEmbeddings.hasTokenInput(decode("{\"model\":\"m\",\"input\":[1,2]}"))).isTrue();
        assertThat(OpenAiEmbeddings.hasTokenInput(decode("{\"model\":\"m\",\"input\":\"x\"}"))).isFalse();
    }

    @Test
    void malformedRequestsAreRefusedLikeChatRequests() {
        assertThat(refusal("{\"input\":\"x\"}")).isEqualTo(ErrorKind.MISSING_FIELD);
        assertThat(refusal("{\"model\":\"m\"}")).isEqualTo(ErrorKind.MISSING_FIELD);
        assertThat(refusal("{\"model\":\" \",\"input\":\"x\"}")).isEqualTo(ErrorKind.INVALID_FIELD);
        assertThat(refusal("{\"model\":\"m\",\"input\":[]}")).isEqualTo(ErrorKind.INVALID_FIELD);
        assertThat(refusal("{\"model\":\"m\",\"input\":[\"a\",[1]]}")).isEqualTo(ErrorKind.INVALID_FIELD);
        assertThat(refusal("{\"model\":\"m\",\"input\":[[1],[]]}")).isEqualTo(ErrorKind.INVALID_FIELD);
        assertThat(refusal("{\"model\":\"m\",\"input\":{\"a\":1}}")).isEqualTo(ErrorKind.INVALID_FIELD);
        assertThat(refusal("{\"model\":\"m\",\"input\":\"x\",\"input\":\"y\"}")).isEqualTo(ErrorKind.INVALID_JSON);
        assertThat(refusal("[\"m\"]")).isEqualTo(ErrorKind.INVALID_JSON);
        assertThat(refusal("\uFEFF{\"model\":\"m\",\"input\":\"x\"}")).isEqualTo(ErrorKind.INVALID_ENCODING);
        assertThat(refusal("{\"model\":\"m\",\"input\":[\"a\",\"b\",\"c\",\"d\"]}")).isEqualTo(ErrorKind.REQUEST_LIMIT);
    }

    @Test
    void rewritingChangesOnlyTheInputStrings() {
        ChatRequest request = decode("{\"model\":\"m\",\"input\":[\"keep\",\"the secret\"],\"encoding_format\":\"float\"}");
        ChatRequest masked = OpenAiEmbeddings.rewriteInput(request, text -> text.replace("secret", "******"));
        assertThat(Json.parseUpstream(masked.raw())).isEqualTo(Json.parseUpstream(
                "{\"model\":\"m\",\"input\":[\"keep\",\"the ******\"],\"encoding_format\":\"float\"}"));
        assertThat(OpenAiEmbeddings.rewriteInput(request, text -> text)).isSameAs(request);
        assertThat(Json.parseUpstream(OpenAiEmbeddings.withModel(request, "m2").raw()).path("model").stringValue()).isEqualTo("m2");
        assertThatThrownBy(() -> OpenAiEmbeddings.withModel(request, " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
