package io.aigw.gateway.exchange;

import io.aigw.filters.protocol.ErrorKind;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/**
 * The model of a request that a {@code Model} route predicate turned down: when no other route takes
 * the request, the answer is 404 {@link ErrorKind#MODEL_NOT_FOUND} naming it instead of an unknown path.
 */
public final class UnservedModel {

    private static final String ATTRIBUTE = UnservedModel.class.getName();

    private UnservedModel() {
    }

    /** Notes that a route serving other models turned {@code model} down. */
    public static void record(ServerWebExchange exchange, String model) {
        exchange.getAttributes().put(ATTRIBUTE, model);
    }

    /** The model a route turned down, if one did. */
    public static Optional<String> of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
    }
}
