package io.aigw.gateway.label;

import io.aigw.filters.label.AnswerLabeling;
import io.aigw.filters.label.AnswerShapes;
import io.aigw.filters.label.ExplicitLabelOutcome;
import io.aigw.filters.label.LabelOutcomes;
import io.aigw.filters.label.LabelStage;
import io.aigw.filters.label.AnswerSubject;
import io.aigw.filters.label.ExplicitLabel;
import io.aigw.filters.label.LabelPosition;
import io.aigw.filters.label.LabelSettings;
import io.aigw.filters.label.LabeledAnswer;
import io.aigw.filters.label.Labeler;
import io.aigw.filters.license.LabelOverride;
import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.exchange.ErrorResponses;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The {@code AiLabel} policy filter: labels every generated answer of the route (explicit label,
 * {@code aigc} implicit label, signed receipt, {@code AI-Disclosure}); see {@link LabelStage}. A
 * product whose {@code label.explicit-opt-out} names its user agreement gets no explicit label
 * ({@code omitted:opt_out}); a structured answer the request asks for gets none either
 * ({@code omitted:structured}), or, with {@code aigw.label.structured-answers=refuse}, the request is
 * refused with 400.
 * It must be the route's last policy filter, so that its stage runs after the content filter's and
 * the label is neither scanned nor split.
 *
 * <pre>
 * - AiLabel                      # global settings (aigw.label.*)
 * - AiLabel=suffix,en            # shortcut: position, locale, text
 * - name: AiLabel
 *   args: { position: both, locale: zh-CN, text: "AI生成" }
 * </pre>
 * Settings merge product ({@code label:} in products.yaml) &gt; route &gt; global, field by field. A
 * route without {@code ChatProtocol} passes through.
 */
@Component
public class AiLabelGatewayFilterFactory extends AbstractGatewayFilterFactory<AiLabelGatewayFilterFactory.Config> {

    private final Labeler labeler;
    private final LabelOutcomes outcomes;
    private final LabelProperties.StructuredAnswers structuredAnswers;

    AiLabelGatewayFilterFactory(Labeler labeler, LabelMetrics outcomes, LabelProperties properties) {
        super(Config.class);
        this.labeler = Objects.requireNonNull(labeler, "labeler");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.structuredAnswers = properties.structuredAnswers();
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("position", "locale", "text");
    }

    /**
     * @throws IllegalArgumentException naming the value when the route's settings are invalid or
     *     resolve to a label that fails the wording rule
     */
    @Override
    public GatewayFilter apply(Config config) {
        LabelSettings route = config.validate(labeler);
        return new AiLabelFilter(route, config.toString());
    }

    /** Route settings; each {@code null} inherits the global setting. */
    public static class Config {
        private String locale;
        private String position;
        private String text;

        public String getLocale() {
            return locale;
        }

        public void setLocale(String locale) {
            this.locale = locale;
        }

        public String getPosition() {
            return position;
        }

        public void setPosition(String position) {
            this.position = position;
        }

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }

        LabelSettings validate(Labeler labeler) {
            LabelSettings settings = new LabelSettings(locale, position == null ? null : LabelPosition.parse(position), text);
            labeler.config().resolve(settings, null);
            return settings;
        }

        @Override
        public String toString() {
            return "AiLabel[position=" + position + ", locale=" + locale + ", text=" + text + "]";
        }
    }

    /**
     * The label outcomes of one exchange: the shared metrics, plus the labeled answer kept for its audit
     * line. A finished answer and the labels' progress count once the output that carries them reached the
     * client ({@link ChatExchange#delivery()}): an answer an answer gate withheld is neither recorded with
     * its receipt nor counted as generated.
     */
    private LabelOutcomes recordingInto(ChatExchange chat) {
        return new LabelOutcomes() {
            @Override
            public void generated(String product, LabeledAnswer answer) {
                chat.delivery().record((facts, labeled) -> {
                    facts.recordLabeledAnswer(labeled);
                    outcomes.generated(product, labeled);
                }, answer);
            }

            @Override
            public void blocked(String product) {
                outcomes.blocked(product);
            }

            @Override
            public void progressed(String produceId, boolean explicitComplete) {
                chat.delivery().record((facts, complete) -> facts.recordLabelProgress(produceId, complete), explicitComplete);
            }
        };
    }

    private final class AiLabelFilter implements GatewayFilter {
        private final LabelSettings route;
        private final String description;
        /** Resolved labels by product override: as many entries as distinct overrides, resolved once. */
        private final Map<Optional<LabelOverride>, ExplicitLabel> labels = new ConcurrentHashMap<>();

        AiLabelFilter(LabelSettings route, String description) {
            this.route = route;
            this.description = description;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            ChatExchange chat = ChatExchange.of(exchange);
            // Labels mark generated content shown to people; embeddings and token counts are neither.
            if (chat != null && chat.context().endpoint().generative()) {
                Product product = chat.product();
                ExplicitLabel label = labels.computeIfAbsent(Optional.ofNullable(product.label()),
                        o -> labeler.config().resolve(route, ProductLabels.settingsOf(o.orElse(null))));
                String optOut = product.label() == null ? null : product.label().explicitOptOut();
                boolean structured = AnswerShapes.structuredRequested(chat.request());
                if (optOut == null && structured && structuredAnswers == LabelProperties.StructuredAnswers.REFUSE) {
                    return ErrorResponses.write(exchange, chat.protocol(), new ProtocolException(
                            ErrorKind.UNLABELED_STRUCTURED_ANSWER, "structured (JSON) answers cannot carry the explicit "
                            + "AI label, and this product's user agreement does not take over the labeling duty; "
                            + "ask for a text answer"));
                }
                ExplicitLabelOutcome omission = optOut != null ? ExplicitLabelOutcome.OMITTED_OPT_OUT
                        : structured ? ExplicitLabelOutcome.OMITTED_STRUCTURED : null;
                chat.addResponseStage(() -> {
                    AnswerLabeling labeling = labeler.start(
                            new AnswerSubject(product.id(), product.producerCode(), chat.request().model()), label);
                    labeling.omissionBasis(optOut);
                    return new LabelStage(labeling, ProtocolAdapters.of(chat.protocol()).answerGrammar(),
                            ProtocolAdapters.of(chat.protocol()).contentFilterFinishReason(), product.id(), recordingInto(chat),
                            omission);
                });
            }
            return chain.filter(exchange);
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
