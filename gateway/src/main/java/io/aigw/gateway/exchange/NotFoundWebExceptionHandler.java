package io.aigw.gateway.exchange;

import io.aigw.filters.protocol.ErrorKind;
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
 * error. Runs before Spring Boot's error handler; every other error goes on to it.
 */
@Component
@Order(-2)
public class NotFoundWebExceptionHandler implements WebExceptionHandler {

    /** How much of the path the message repeats. */
    private static final int MAX_PATH_CHARS = 200;

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (!(error instanceof ResponseStatusException status) || status.getStatusCode().value() != HttpStatus.NOT_FOUND.value()
                || exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        if (path.length() > MAX_PATH_CHARS) {
            path = path.substring(0, MAX_PATH_CHARS) + "...";
        }
        return ErrorResponses.write(exchange, CallerProtocol.of(request), ErrorKind.NOT_FOUND,
                "Invalid URL (" + request.getMethod().name() + " " + path + ")", null);
    }
}
