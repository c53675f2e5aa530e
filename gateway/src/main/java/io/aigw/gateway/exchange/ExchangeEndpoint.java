package io.aigw.gateway.exchange;

import io.aigw.filters.protocol.ApiEndpoint;
import org.springframework.web.server.ServerWebExchange;

/**
 * The API endpoint an exchange's route serves (its protocol filter's {@code endpoint}): the policies ask
 * it how to rewrite the prompt and whether the answer is generated content (scanned and labeled) or not
 * (embeddings, count_tokens: passed on as the upstream sent it, and audited as not generated).
 */
public final class ExchangeEndpoint {

    private static final String ATTRIBUTE = ExchangeEndpoint.class.getName();

    private ExchangeEndpoint() {
    }

    public static void set(ServerWebExchange exchange, ApiEndpoint endpoint) {
        exchange.getAttributes().put(ATTRIBUTE, endpoint);
    }

    /** The exchange's endpoint; {@link ApiEndpoint#CHAT} unless its route said otherwise. */
    public static ApiEndpoint of(ServerWebExchange exchange) {
        return exchange.getAttributeOrDefault(ATTRIBUTE, ApiEndpoint.CHAT);
    }
}
