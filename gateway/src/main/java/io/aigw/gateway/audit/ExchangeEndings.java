package io.aigw.gateway.audit;

import io.aigw.filters.audit.ExchangeEnding;
import java.time.Instant;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.SignalType;
import reactor.netty.http.client.HttpClientResponse;

/** The {@link ExchangeEnding} of an HTTP exchange: its Reactor signal, its response status, the upstream response's. */
final class ExchangeEndings {

    private ExchangeEndings() {
    }

    static ExchangeEnding of(ServerWebExchange exchange, SignalType signal, Instant now) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        HttpClientResponse upstream = exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR);
        return new ExchangeEnding(signal(signal), status == null ? null : status.value(),
                upstream == null ? null : upstream.status().code(), now);
    }

    private static ExchangeEnding.Signal signal(SignalType signal) {
        return switch (signal) {
            case ON_COMPLETE -> ExchangeEnding.Signal.COMPLETED;
            case CANCEL -> ExchangeEnding.Signal.CANCELLED;
            default -> ExchangeEnding.Signal.FAILED;
        };
    }
}
