package io.aigw.gateway.limits;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.gateway.exchange.CallerProtocol;
import io.aigw.gateway.exchange.ErrorResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Caps the requests in flight at {@code aigw.limits.max-concurrent-requests}: one more is answered at
 * once with 503 in the caller's protocol (OpenAI code {@code gateway_busy}, Anthropic
 * {@code overloaded_error}) and {@code Retry-After: 1}, before it is authenticated or read. A request
 * counts from when its headers arrived until its answer ended, or the client went away (a stream
 * counts for its whole length). Idle keep-alive connections do not count. Runs right after the
 * request-id filter, so refusals carry {@code X-Request-Id}. Gauge {@code aigw.requests.in.flight}.
 *
 * <p>Shed requests are counted ({@code aigw.requests.shed}), not audited one line each: shedding
 * happens exactly when the gateway is overloaded, and a line per shed request would make the work
 * of a refusal grow with the flood it refuses, and would take the audit queue's room from the
 * admitted exchanges, which then fail closed (503 {@code audit_unavailable}). A shed request was not
 * authenticated, not read and not served, so it has no product, model or answer to record.
 * Thread-safe, lock-free.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class InFlightLimitWebFilter implements WebFilter {

    /** OpenAI error code of the refusal. */
    static final String BUSY_CODE = "gateway_busy";

    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter shed;

    public InFlightLimitWebFilter(ClientLimitsProperties limits, MeterRegistry meters) {
        this.max = limits.maxConcurrentRequests();
        Gauge.builder("aigw.requests.in.flight", inFlight, AtomicInteger::get)
                .description("Requests being served now (aigw.limits.max-concurrent-requests caps them)")
                .register(meters);
        this.shed = Counter.builder("aigw.requests.shed")
                .description("Requests refused with 503 at once because aigw.limits.max-concurrent-requests were in flight")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            shed.increment();
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
            return ErrorResponses.write(exchange, CallerProtocol.of(exchange.getRequest()), new ProtocolException(
                    ErrorKind.UPSTREAM_OVERLOADED, "the gateway is serving its maximum of " + max
                            + " concurrent requests; retry shortly", BUSY_CODE));
        }
        return chain.filter(exchange).doFinally(signal -> inFlight.decrementAndGet());
    }

    /** Requests in flight now. */
    public int inFlight() {
        return inFlight.get();
    }
}
