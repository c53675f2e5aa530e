package io.aigw.filters.audit;

import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.ApiEndpoint;
import io.aigw.filters.protocol.Protocol;
import java.util.Objects;

/**
 * Who asks what in one chat exchange, fixed once the request is authenticated and decoded: never changes
 * afterwards, so any thread may read it. What happens to the exchange from then on is in its
 * {@link ExchangeFacts}.
 *
 * @param requestId the exchange's request id (also in the {@code X-Request-Id} header); never null
 * @param product the authenticated product; never null
 * @param routeId the id of the route that took the request; null when unknown (a route built without id)
 * @param protocol the protocol the client speaks; never null
 * @param endpoint the API endpoint the route serves: chat, or one whose answers are not generated content
 * @param model the model the client asked for (a fallback may ask another: see {@link ExchangeFacts#request()})
 * @param stream whether the client asked for a streamed answer
 */
public record ExchangeContext(String requestId, Product product, String routeId, Protocol protocol, ApiEndpoint endpoint,
                              String model, boolean stream) {

    public ExchangeContext {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The protocol's name as the audit line and the access log write it: {@code openai}, {@code anthropic}. */
    public String protocolName() {
        return ExchangeRecords.wireName(protocol);
    }
}
