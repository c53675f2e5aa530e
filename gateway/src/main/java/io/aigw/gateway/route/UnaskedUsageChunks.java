package io.aigw.gateway.route;

import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.openai.OpenAiStreamUsage;
import java.util.function.Consumer;

/**
 * Keeps the usage-only chunk of an OpenAI Chat Completions stream from a client that did not ask for
 * it: the gateway asks every OpenAI-compatible upstream for a stream's usage to charge quotas and count
 * tokens ({@link UpstreamBodyGlobalFilter}), and an Anthropic upstream's usage always becomes that chunk
 * on a translated route. Placed before the policy stages, after the usage was recorded, so the labels
 * ride on the chunks the client receives. One instance per answer.
 */
final class UnaskedUsageChunks implements ResponseStage {

    @Override
    public void onEvent(ChatEvent event, Consumer<ChatEvent> next) {
        if (!OpenAiStreamUsage.isUsageOnlyChunk(event)) {
            next.accept(event);
        }
    }
}
