package io.aigw.filters.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request codec reads a body the way any strict JSON parser would, or refuses it (issue 14 items 2
 * and 3): what a policy judged is then what every upstream parser reads from the forwarded bytes.
 */
class StrictRequestDecodingTest {

    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static ChatRequest decode(Protocol protocol, String body) {
        return protocol.requestCodec().decode(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ProtocolException refusal(Protocol protocol, byte[] body) {
        try {
            protocol.requestCodec().decode(body);
        } catch (ProtocolException e) {
            return e;
        }
        throw new AssertionError("accepted: " + new String(body, StandardCharsets.UTF_8));
    }

    private static ProtocolException refusal(Protocol protocol, String body) {
        return refusal(protocol, body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aDuplicateKeyAtAnyDepthIsRefusedNamingIt(Protocol protocol) {
        String[][] cases = {
            {"{\"model\":\"gpt-4o\",\"model\":\"gpt-4o-mini\"," + MESSAGES + "}", "model"},
            {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"ok\",\"content\":\"bad\"}]}", "content"},
            {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\",\"text\":\"b\"}]}]}", "text"},
            {"{\"model\":\"m\"," + MESSAGES + ",\"metadata\":{\"a\":[{\"deep\":{\"x\":1,\"y\":2,\"x\":3}}]}}", "x"},
            {"{\"model\":\"m\"," + MESSAGES + ",\"messages\":[]}", "messages"},
            // The same name spelled with an escape is the same key.
            {"{\"model\":\"m\",\"mod\\u0065l\":\"n\"," + MESSAGES + "}", "model"},
        };
        for (String[] c : cases) {
            ProtocolException e = refusal(protocol, c[0]);
            assertThat(e.kind()).as(c[0]).isEqualTo(ErrorKind.INVALID_JSON);
            assertThat(e.code()).isEqualTo("duplicate_key");
            assertThat(e.getMessage()).contains("'" + c[1] + "'");
        }
    }

    /** A chat body: the Responses API's own case is ResponsesTranslationTest.theSameKeyInDifferentObjectsIsFine. */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"OPENAI", "ANTHROPIC"})
    void theSameKeyInDifferentObjectsIsFine(Protocol protocol) {
        ChatRequest request = decode(protocol, "{\"model\":\"m\",\"metadata\":{\"model\":\"x\",\"a\":{\"model\":\"y\"}},\"messages\":["
                + "{\"role\":\"user\",\"content\":\"one\"},{\"role\":\"assistant\",\"content\":\"two\"}]}");
        assertThat(request.model()).isEqualTo("m");
        assertThat(request.messages()).extracting(ChatMessage::text).containsExactly("one", "two");
    }

    @Test
    void manyDistinctKeysInOneObjectAreReadAndADuplicateAmongThemIsFound() {
        StringBuilder body = new StringBuilder("{\"model\":\"m\"," + MESSAGES + ",\"metadata\":{");
        for (int i = 0; i < 100_000; i++) {
            body.append("\"k").append(i).append("\":0,");
        }
        assertThat(decode(Protocol.OPENAI, body + "\"last\":1}}").model()).isEqualTo("m");
        assertThat(refusal(Protocol.OPENAI, body + "\"k99999\":1}}").getMessage()).contains("'k99999'").contains("/metadata");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aByteOrderMarkOrAnotherEncodingIsRefused(Protocol protocol) {
        byte[] json = ("{\"model\":\"m\"," + MESSAGES + "}").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        assertThat(refusal(protocol, withBom).kind()).isEqualTo(ErrorKind.INVALID_ENCODING);
        assertThat(refusal(protocol, withBom).getMessage()).contains("byte order mark");
        byte[] utf16 = ("{\"model\":\"m\"," + MESSAGES + "}").getBytes(StandardCharsets.UTF_16LE);
        assertThat(refusal(protocol, utf16).kind()).isEqualTo(ErrorKind.INVALID_ENCODING);
        // CESU-style encoded surrogate and an overlong '/'.
        assertThat(refusal(protocol, new byte[] {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ':', '1', '}'}).kind())
                .isEqualTo(ErrorKind.INVALID_ENCODING);
        assertThat(refusal(protocol, new byte[] {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}'}).kind())
                .isEqualTo(ErrorKind.INVALID_ENCODING);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\ud800b\"}]}",
        "{\"model\":\"m\\udc00\",\"messages\":[]}",
        "{\"model\":\"m\",\"messages\":[],\"metadata\":{\"k\\ud800\":1}}",
        "{\"model\":\"m\",\"messages\":[],\"metadata\":[\"\\ude00\\ud83d\"]}",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\\ud83d\"}]}]}",
    })
    void anUnpairedSurrogateEscapeIsRefused(String body) {
        ProtocolException e = refusal(Protocol.OPENAI, body);
        // Jackson itself refuses one in a key (INVALID_JSON, "Broken surrogate pair"); the codec in values.
        assertThat(e.kind()).isIn(ErrorKind.INVALID_ENCODING, ErrorKind.INVALID_JSON);
        assertThat(e.getMessage()).containsIgnoringCase("surrogate");
    }

    @Test
    void aPairedSurrogateEscapeIsAnEmoji() {
        ChatRequest request = decode(Protocol.OPENAI, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\\ud83d\\ude00\"}]}");
        assertThat(request.messages().get(0).text()).isEqualTo("😀");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"m\"," + MESSAGES + ",\"temperature\":1e999}",
        "{\"model\":\"m\"," + MESSAGES + ",\"temperature\":-1e999}",
        "{\"model\":\"m\"," + MESSAGES + ",\"seed\":123456789012345678901234567890}",
        "{\"model\":\"m\"," + MESSAGES + ",\"metadata\":{\"a\":[1,2,99999999999999999999]}}",
        "{\"model\":\"m\"," + MESSAGES + ",\"max_tokens\":3000000000}",
        "{\"model\":\"m\"," + MESSAGES + ",\"max_completion_tokens\":-2147483649}",
        "{\"model\":\"m\"," + MESSAGES + ",\"n\":1e12}",
    })
    void aNumberThatDoesNotFitIsRefused(String body) {
        for (Protocol protocol : Protocol.values()) {
            ProtocolException e = refusal(protocol, body);
            assertThat(e.kind()).as(body).isEqualTo(ErrorKind.INVALID_FIELD);
            assertThat(e.code()).isEqualTo("number_out_of_range");
        }
    }

    @Test
    void numbersThatFitAreAccepted() {
        ChatRequest request = decode(Protocol.ANTHROPIC, "{\"model\":\"m\"," + MESSAGES
                + ",\"max_tokens\":2147483647,\"temperature\":0.7,\"top_p\":1e-999,\"seed\":-9223372036854775808}");
        assertThat(request.model()).isEqualTo("m");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"m\"," + MESSAGES + ",\"temperature\":NaN}",
        "{\"model\":\"m\"," + MESSAGES + ",\"temperature\":Infinity}",
        "{\"model\":\"m\"," + MESSAGES + ",\"temperature\":-Infinity}",
        "{\"model\":\"m\"," + MESSAGES + "} {\"model\":\"other\"}",
        "{\"model\":\"m\"," + MESSAGES + "}}",
        "{\"model\":\"m\"," + MESSAGES + "}x",
        "{\"model\":\"m\", // comment\n" + MESSAGES + "}",
        "{\"model\":\"m\", /* comment */" + MESSAGES + "}",
        "{\"model\":\"m\", # comment\n" + MESSAGES + "}",
        "{\"model\":\"m\"," + MESSAGES + ",}",
        "{'model':'m'," + MESSAGES + "}",
        "{model:\"m\"," + MESSAGES + "}",
        "{\"model\":\"m\"," + MESSAGES + ",\"n\":01}",
        "{\"model\":\"m\"," + MESSAGES + ",\"n\":+1}",
        "{\"model\":\"m\"," + MESSAGES + ",\"x\":\"a\tb\"}",
        "{\"model\":\"m\"," + MESSAGES + "}\u0000",
    })
    void nonStandardJsonIsRefused(String body) {
        for (Protocol protocol : Protocol.values()) {
            assertThat(refusal(protocol, body).kind()).as(body).isEqualTo(ErrorKind.INVALID_JSON);
        }
    }

    @Test
    void messageAndPartCountsAreCappedNamingTheCap() {
        RequestLimits limits = new RequestLimits(3, 4);
        String three = "{\"model\":\"m\",\"messages\":[" + "{\"role\":\"user\",\"content\":\"hi\"},".repeat(2) + "{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(Protocol.OPENAI.requestCodec().decode(three.getBytes(StandardCharsets.UTF_8), limits).messages()).hasSize(3);
        String four = three.replace("[{", "[{\"role\":\"user\",\"content\":\"x\"},{");
        assertThatThrownBy(() -> Protocol.OPENAI.requestCodec().decode(four.getBytes(StandardCharsets.UTF_8), limits))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.REQUEST_LIMIT);
                    assertThat(e.kind().status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("too_many_messages");
                    assertThat(e.getMessage()).contains("3 messages").contains("aigw.limits.max-messages");
                });

        String part = "{\"type\":\"text\",\"text\":\"p\"}";
        String fourParts = "{\"model\":\"m\",\"system\":[" + part + "],\"messages\":[{\"role\":\"user\",\"content\":[" + part + "," + part + "," + part + "]}]}";
        assertThat(Protocol.ANTHROPIC.requestCodec().decode(fourParts.getBytes(StandardCharsets.UTF_8), limits).messages()).hasSize(2);
        String fiveParts = fourParts.replace("\"content\":[", "\"content\":[{\"type\":\"image\"},");
        assertThatThrownBy(() -> Protocol.ANTHROPIC.requestCodec().decode(fiveParts.getBytes(StandardCharsets.UTF_8), limits))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo("too_many_content_parts");
                    assertThat(e.getMessage()).contains("4 content parts").contains("aigw.limits.max-content-parts");
                });
    }

    @Test
    void theDefaultMessageCapStopsTheIssuesBodyEarly() {
        String body = "{\"model\":\"gpt-4o\",\"messages\":[" + "{\"role\":\"user\",\"content\":\"hi\"},".repeat(299_999)
                + "{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(body.length()).isGreaterThan(9_000_000);
        assertThat(refusal(Protocol.OPENAI, body).code()).isEqualTo("too_many_messages");
    }

    @Test
    void aTextPartMayNameItsTextBeforeItsType() {
        ChatRequest request = decode(Protocol.OPENAI, "{\"model\":\"m\",\"messages\":[{\"content\":[{\"text\":\"first\",\"type\":\"text\"},"
                + "{\"text\":\"not prompt text\",\"type\":\"image_url\"}],\"role\":\"user\"}]}");
        assertThat(request.messages()).containsExactly(new ChatMessage("user", "first"));
        ChatRequest masked = Protocol.OPENAI.requestCodec().rewriteText(request, t -> t.replace("first", "*****"));
        assertThat(new String(masked.raw(), StandardCharsets.UTF_8)).contains("\"*****\"").contains("not prompt text");
        assertThat(masked.messages()).containsExactly(new ChatMessage("user", "*****"));
    }

    @Test
    void aRewriteKeepsEveryOtherValueAsWritten() {
        String body = "{\"model\":\"m\",\"temperature\":1.0e0,\"seed\":12345678901234567,\"top_p\":0.10000000000000000001,"
                + "\"metadata\":{\"k\":[true,false,null,\"\\u00e9\"]},\"messages\":[{\"role\":\"user\",\"content\":\"call 13800138000\"}]}";
        ChatRequest masked = Protocol.OPENAI.requestCodec().rewriteText(decode(Protocol.OPENAI, body), t -> t.replace("13800138000", "***"));
        assertThat(new String(masked.raw(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"m\",\"temperature\":1.0e0,\"seed\":12345678901234567,"
                + "\"top_p\":0.10000000000000000001,\"metadata\":{\"k\":[true,false,null,\"é\"]},\"messages\":[{\"role\":\"user\",\"content\":\"call ***\"}]}");
        assertThat(masked.messages().get(0).text()).isEqualTo("call ***");

        ChatRequest fallback = Protocol.OPENAI.requestCodec().withModel(masked, "gpt-4o-mini");
        assertThat(fallback.model()).isEqualTo("gpt-4o-mini");
        assertThat(new String(fallback.raw(), StandardCharsets.UTF_8)).startsWith("{\"model\":\"gpt-4o-mini\",\"temperature\":1.0e0,");
    }

    @Test
    void anAnthropicSystemAfterTheMessagesStillComesFirst() {
        ChatRequest request = decode(Protocol.ANTHROPIC, "{\"model\":\"m\"," + MESSAGES + ",\"system\":\"sys\"}");
        assertThat(request.messages()).containsExactly(new ChatMessage("system", "sys"), new ChatMessage("user", "hi"));
    }
}
