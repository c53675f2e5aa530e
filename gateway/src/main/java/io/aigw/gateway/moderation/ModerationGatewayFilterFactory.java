package io.aigw.gateway.moderation;

import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.exchange.ErrorResponses;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * An external moderation service on a route ({@code - Moderation=<name>}, a service of
 * {@code aigw.moderation.services}): the prompt's texts (every surface the content scan reads) are sent
 * before the request goes upstream — a blocking verdict is a 400 {@code content_policy_violation}, no
 * verdict on a fail-closed service a 503 {@code moderation_unavailable} — and the answer is held back
 * segment by segment until its verdicts ({@link ModerationGate}). List it after {@code ContentFilter}
 * (it then reads the prompt and the answer as masked) and before {@code AiLabel}.
 */
@Component
public class ModerationGatewayFilterFactory extends AbstractGatewayFilterFactory<ModerationGatewayFilterFactory.Config> {

    private final ModerationServices services;
    private final ModerationMetrics metrics;

    public ModerationGatewayFilterFactory(ModerationServices services, ModerationMetrics metrics) {
        super(Config.class);
        this.services = services;
        this.metrics = metrics;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("service");
    }

    @Override
    public GatewayFilter apply(Config config) {
        ModerationService service = services.service(config.getService());
        return (exchange, chain) -> {
            ChatExchange chat = ChatExchange.of(exchange);
            if (chat == null) {
                return chain.filter(exchange);
            }
            List<String> segments;
            try {
                segments = service.segments(promptText(chat.request()));
            } catch (ProtocolException unsupportedShape) {
                return ErrorResponses.write(exchange, chat.protocol(), unsupportedShape);
            }
            return service.check(segments, ModerationService.Side.PROMPT, chat.requestId()).flatMap(verdict -> {
                metrics.record(service.name(), ModerationService.Side.PROMPT, verdict);
                chat.facts().recordPromptMatches(verdict.matches(service.name()));
                if (verdict.decision() == ModerationVerdict.Decision.BLOCK) {
                    return ErrorResponses.write(exchange, chat.protocol(), ModerationGate.refusal(service.name(), verdict, "prompt"));
                }
                chat.addResponseStage(() -> new ModerationGate(service, chat, metrics));
                return chain.filter(exchange);
            });
        };
    }

    /** Every prompt text of the request (as the content scan reads them), one per line. */
    private static String promptText(ChatRequest request) {
        StringBuilder text = new StringBuilder();
        request.protocol().requestCodec().rewriteText(request, run -> {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(run);
            return run;
        });
        return text.toString();
    }

    /** Route settings: the name of the service. */
    public static class Config {
        private String service;

        public String getService() {
            return service;
        }

        public void setService(String service) {
            this.service = service;
        }

        @Override
        public String toString() {
            return "Moderation[" + service + "]";
        }
    }
}
