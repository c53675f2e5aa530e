package io.aigw.gateway.license;

import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.license.LicenseMode;
import io.aigw.filters.license.LicensePolicy;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.exchange.ErrorResponses;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The license check of a chat route ({@code - LicenseCheck}, or {@code - LicenseCheck=grace} to
 * override {@code aigw.license.mode} on one route), listed after {@code ChatProtocol}. It checks the
 * authenticated product's license for the requested model at the clock's instant and, on a denial,
 * answers in the caller's protocol before anything reaches the upstream: 403 with the reason as the
 * OpenAI {@code code} (Anthropic {@code permission_error}), or 503 {@code license_registry_unavailable}
 * when a remote registry cannot be reached and the cache is too stale (fail-closed). Every decision is
 * recorded ({@link LicenseDecisionRecorder}). Routes without {@code ChatProtocol} pass through.
 */
@Component
public class LicenseCheckGatewayFilterFactory extends AbstractGatewayFilterFactory<LicenseCheckGatewayFilterFactory.Config> {

    private final LicensePolicies policies;
    private final ProductLicenses licenses;
    private final LicenseDecisionRecorder recorder;
    private final Clock clock;

    public LicenseCheckGatewayFilterFactory(LicensePolicies policies, ProductLicenses licenses,
                                            LicenseDecisionRecorder recorder, Clock clock) {
        super(Config.class);
        this.policies = policies;
        this.licenses = licenses;
        this.recorder = recorder;
        this.clock = clock;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("mode");
    }

    @Override
    public GatewayFilter apply(Config config) {
        config.validate();
        return new LicenseCheckFilter(policies.forMode(config.licenseMode()), config);
    }

    /** Route settings: the mode, when the route overrides {@code aigw.license.mode}. */
    public static class Config {
        private String mode;

        /** {@code strict}, {@code grace} or {@code monitor}; null means the global {@code aigw.license.mode}. */
        public String getMode() {
            return mode;
        }

        public void setMode(String mode) {
            this.mode = mode;
        }

        /** The mode, or null for the global one. */
        LicenseMode licenseMode() {
            return mode == null || mode.isBlank() ? null : LicenseMode.fromWireName(mode.strip()).orElseThrow();
        }

        /** @throws IllegalArgumentException naming the value when the mode is not one of the three */
        void validate() {
            if (mode != null && !mode.isBlank() && LicenseMode.fromWireName(mode.strip()).isEmpty()) {
                throw new IllegalArgumentException(
                        "LicenseCheck mode must be strict, grace or monitor, got '" + mode + "'");
            }
        }

        @Override
        public String toString() {
            return "LicenseCheck[mode=" + (mode == null || mode.isBlank() ? "global" : mode) + "]";
        }
    }

    private final class LicenseCheckFilter implements GatewayFilter {
        private final LicensePolicy policy;
        private final Config config;

        LicenseCheckFilter(LicensePolicy policy, Config config) {
            this.policy = policy;
            this.config = config;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            ChatExchange chat = ChatExchange.of(exchange);
            if (chat == null) {
                return chain.filter(exchange);
            }
            String model = chat.request().model();
            return licenses.lookup(chat.product())
                    .map(lookup -> policy.decide(lookup, model, clock.instant()))
                    .flatMap(decision -> {
                        recorder.record(decision, chat.requestId());
                        chat.facts().recordLicense(decision);
                        return decision.allowed() ? chain.filter(exchange)
                                : ErrorResponses.write(exchange, chat.protocol(), denial(decision));
                    });
        }

        @Override
        public String toString() {
            return config + "[policy=" + policy.mode().wireName() + "]";
        }
    }

    /** The client-facing error for a denial; the message names product, model and reason, nothing secret. */
    static ProtocolException denial(LicenseDecision decision) {
        Objects.requireNonNull(decision.reason(), "reason");
        String code = decision.reason().code();
        return switch (decision.reason()) {
            case LICENSE_REGISTRY_UNAVAILABLE -> new ProtocolException(ErrorKind.LICENSE_REGISTRY_UNAVAILABLE,
                    "the license of product " + decision.productId() + " cannot be verified right now; try again shortly",
                    code);
            case MODEL_NOT_LICENSED -> new ProtocolException(ErrorKind.LICENSE_DENIED,
                    "product " + decision.productId() + " is not licensed for model " + decision.model() + " (" + code + ")",
                    code);
            default -> new ProtocolException(ErrorKind.LICENSE_DENIED,
                    "product " + decision.productId() + " may not be served: " + code, code);
        };
    }
}
