package io.aigw.gateway.route;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@link RoutePolicyCheck.MisconfiguredRouteException} in one line instead of a stack trace. */
public final class RoutePolicyFailureAnalyzer extends AbstractFailureAnalyzer<RoutePolicyCheck.MisconfiguredRouteException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RoutePolicyCheck.MisconfiguredRouteException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the route's filters in the configuration (config/README.md, \"Routes and upstreams\").", cause);
    }
}
