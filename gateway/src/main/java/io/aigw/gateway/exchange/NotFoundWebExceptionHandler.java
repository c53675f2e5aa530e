package io.aigw.gateway.exchange;

import io.aigw.filters.protocol.ErrorKind;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * A path (or method) no route or endpoint serves: 404 in the caller's protocol ({@link CallerProtocol})
 * instead of Spring Boot's own error JSON, so an SDK pointed at a wrong base URL reports a readable
 * error. A request whose model a {@code Model} route predicate turned down, and no other route took,
 * gets 404 {@code model_not_found} instead ({@link UnservedModel}). Runs before Spring Boot's error handler; every other error goes on to it.
 */
@Component
@Order(-2)
public class NotFoundWebExceptionHandler implements WebExceptionHandler {

    /** How much of the path (or model) the message repeats. */
    private static final int MAX_CHARS = 200;

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (!(error instanceof ResponseStatusException status) || status.getStatusCode().value() != HttpStatus.NOT_FOUND.value()
                || exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        ServerHttpRequest request = exchange.getRequest();
        Optional<String> model = UnservedModel.of(exchange);
        if (model.isPresent()) {
            return ErrorResponses.write(exchange, CallerProtocol.of(request), ErrorKind.MODEL_NOT_FOUND,
                    "The model '" + shortened(model.get()) + "' is not served by this gateway", null);
        }
        String path = request.getPath().value();
        return ErrorResponses.write(exchange, CallerProtocol.of(request), ErrorKind.NOT_FOUND,
                "Invalid URL (" + request.getMethod().name() + " " + shortened(path) + ")", null);
    }

    private static String shortened(String text) {
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "..." : text;
    }
}
