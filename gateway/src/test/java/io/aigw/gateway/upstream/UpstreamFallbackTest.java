package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamFallbackTest {

    private static final Map<String, String> ENV = Map.of("DEEPSEEK_API_KEY", "sk-ds", "BLANK_KEY", " ");

    private static List<UpstreamFallback> parse(Object value) {
        return UpstreamFallback.parse("openai-chat", value, ENV::get);
    }

    @Test
    void aListOfEntriesInOrderWithKeysFromTheEnvironmentAndDefaultNames() {
        List<UpstreamFallback> fallbacks = parse(List.of(
                Map.of("uri", "https://api.deepseek.com/v1", "api-key-env", "DEEPSEEK_API_KEY", "model", "deepseek-chat"),
                Map.of("name", "local", "uri", "http://vllm:8000/v1", "model", "qwen-plus", "api-key-env", "UNSET_KEY")));
        assertThat(fallbacks).containsExactly(
                new UpstreamFallback("openai-chat-fallback-1", URI.create("https://api.deepseek.com/v1"), "sk-ds", "deepseek-chat"),
                new UpstreamFallback("local", URI.create("http://vllm:8000/v1"), null, "qwen-plus"));
        assertThat(fallbacks.get(0).breakerName()).isEqualTo("upstream-openai-chat-fallback-1");
        assertThat(fallbacks.get(0).toString()).doesNotContain("sk-ds");
    }

    @Test
    void aListBoundAsAMapKeyedByIndexKeepsItsOrder() {
        Map<String, Object> indexed = Map.of(
                "1", Map.of("uri", "http://b", "model", "m2"),
                "0", Map.of("uri", "http://a", "model", "m1", "api-key-env", "BLANK_KEY"));
        assertThat(parse(indexed)).extracting(UpstreamFallback::model).containsExactly("m1", "m2");
        assertThat(parse(indexed).get(0).apiKey()).isNull();
        assertThat(parse(null)).isEmpty();
    }

    @Test
    void invalidEntriesAreRejectedNamingRouteEntryAndValue() {
        assertThatThrownBy(() -> parse(List.of(Map.of("uri", "ftp://x", "model", "m"))))
                .hasMessageContaining("route 'openai-chat'").hasMessageContaining("entry 1").hasMessageContaining("'ftp://x'");
        assertThatThrownBy(() -> parse(List.of(Map.of("uri", "http://x", "model", "m"), Map.of("uri", "http://y"))))
                .hasMessageContaining("entry 2: model must be given");
        assertThatThrownBy(() -> parse(List.of(Map.of("uri", "http://x", "model", "m", "api-key-env", "not a var"))))
                .hasMessageContaining("'not a var'");
        assertThatThrownBy(() -> parse("http://x")).hasMessageContaining("must be a list");
        assertThatThrownBy(() -> parse(List.of("http://x"))).hasMessageContaining("must be a map with uri and model");
    }
}
