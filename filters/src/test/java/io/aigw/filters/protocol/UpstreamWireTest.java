package io.aigw.filters.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each protocol's wire conventions, as the gateway's protocol filter and fallbacks apply them. */
class UpstreamWireTest {

    private static final UpstreamWire OPENAI = ProtocolAdapters.of(Protocol.OPENAI).wire();
    private static final UpstreamWire ANTHROPIC = ProtocolAdapters.of(Protocol.ANTHROPIC).wire();

    @Test
    void openAiBaseUrlsEndInV1AndKeepTheirOwnPath() {
        assertThat(OPENAI.chatUpstreamPath("/v1")).isEqualTo("/v1/chat/completions");
        assertThat(OPENAI.chatUpstreamPath("/compatible-mode/v1/")).isEqualTo("/compatible-mode/v1/chat/completions");
        assertThat(OPENAI.chatUpstreamPath("/api/paas/v4")).isEqualTo("/api/paas/v4/chat/completions");
        assertThat(OPENAI.upstreamPath("/api/v3", "/v1/embeddings")).isEqualTo("/api/v3/embeddings");
        assertThat(OPENAI.chatUpstreamPath("")).isEqualTo("/chat/completions");
    }

    @Test
    void anthropicBaseUrlsHaveNoV1() {
        assertThat(ANTHROPIC.chatUpstreamPath("")).isEqualTo("/v1/messages");
        assertThat(ANTHROPIC.chatUpstreamPath(null)).isEqualTo("/v1/messages");
        assertThat(ANTHROPIC.upstreamPath("/proxy/", "/v1/messages/count_tokens")).isEqualTo("/proxy/v1/messages/count_tokens");
    }

    @Test
    void aPathOutsideTheBaseUrlPrefixIsRefused() {
        assertThatThrownBy(() -> OPENAI.upstreamPath("/v1", "/v2/chat/completions")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentials() {
        assertThat(OPENAI.credentialHeader()).isEqualTo("authorization");
        assertThat(OPENAI.credentialValue("sk-1")).isEqualTo("Bearer sk-1");
        assertThat(OPENAI.defaultHeaders()).isEmpty();
        assertThat(ANTHROPIC.credentialHeader()).isEqualTo("x-api-key");
        assertThat(ANTHROPIC.credentialValue("sk-ant")).isEqualTo("sk-ant");
        assertThat(ANTHROPIC.defaultHeaders()).containsEntry("anthropic-version", "2023-06-01");
        assertThat(ANTHROPIC.forwardedHeaders()).contains("anthropic-version");
    }

    @Test
    void detection() {
        assertThat(ProtocolAdapters.detect("/v1/messages/count_tokens", name -> false)).isEqualTo(Protocol.ANTHROPIC);
        assertThat(ProtocolAdapters.detect("/proxy/messages", name -> false)).isEqualTo(Protocol.ANTHROPIC);
        assertThat(ProtocolAdapters.detect("/v1/models", Set.of("anthropic-version")::contains)).isEqualTo(Protocol.ANTHROPIC);
        assertThat(ProtocolAdapters.detect("/v1/models", Set.of("x-api-key")::contains)).isEqualTo(Protocol.ANTHROPIC);
        assertThat(ProtocolAdapters.detect("/v1/embeddings", Set.of("authorization")::contains)).isEqualTo(Protocol.OPENAI);
        assertThat(ProtocolAdapters.detect("/v1/completions", name -> false)).isEqualTo(Protocol.OPENAI);
    }
}
