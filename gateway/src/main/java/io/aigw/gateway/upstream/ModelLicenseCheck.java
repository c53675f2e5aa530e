package io.aigw.gateway.upstream;

import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.license.LicenseMode;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.license.LicensePolicies;
import io.aigw.gateway.license.ProductLicenses;
import java.time.Clock;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Answers whether the product of a chat exchange may use another model now, for a fallback: the
 * license policy in the mode the route's license check ran in (the global mode when it had none),
 * counting a decision that only monitor mode let through as not covered. Thread-safe, non-blocking.
 */
@Component
public class ModelLicenseCheck {

    private final ProductLicenses licenses;
    private final LicensePolicies policies;
    private final Clock clock;

    public ModelLicenseCheck(ProductLicenses licenses, LicensePolicies policies, Clock clock) {
        this.licenses = licenses;
        this.policies = policies;
        this.clock = clock;
    }

    /** Emits whether {@code chat}'s product is licensed for {@code model} at this instant; never errors. */
    public Mono<Boolean> covers(ChatExchange chat, String model) {
        LicenseDecision routeDecision = chat.facts().licenseDecision();
        LicenseMode mode = routeDecision == null ? null : routeDecision.mode();
        return licenses.lookup(chat.product())
                .map(lookup -> policies.forMode(mode).decide(lookup, model, clock.instant()))
                .map(decision -> decision.allowed() && decision.wouldDeny() == null)
                .onErrorReturn(false);
    }
}
