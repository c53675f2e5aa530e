package io.aigw.gateway.route;

import io.aigw.gateway.exchange.Buffers;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The request body, read once per exchange however many parts of the gateway need it: the
 * {@code Model} route predicates read it to choose a route, the route's protocol filter decodes the
 * same bytes. Bounded by the cap each reader passes ({@code aigw.limits.max-request-bytes}): past it
 * the read fails with {@link DataBufferLimitException}, and a failed read (too large, too slow, the
 * client gone) fails every later read the same way, without touching the body again. The pooled
 * buffers are copied out and released as they are joined, so nothing is left to release. Stateless;
 * the exchange holds the outcome.
 */
public final class RequestBodyCache {

    private static final String ATTRIBUTE = RequestBodyCache.class.getName();

    private RequestBodyCache() {
    }

    /** What a read ended with: the bytes, or the failure. */
    private record Outcome(byte[] bytes, Throwable failure) {
    }

    /**
     * The body of {@code exchange}: read now at most {@code max} bytes the first time, the same bytes
     * (or the same failure) after that.
     */
    public static Mono<byte[]> read(ServerWebExchange exchange, long max) {
        return Mono.defer(() -> {
            Outcome read = exchange.getAttribute(ATTRIBUTE);
            if (read != null) {
                return read.failure() != null ? Mono.error(read.failure()) : Mono.just(read.bytes());
            }
            return DataBufferUtils.join(exchange.getRequest().getBody(), (int) Math.min(max, Integer.MAX_VALUE))
                    .map(Buffers::take)
                    .defaultIfEmpty(new byte[0])
                    .doOnNext(bytes -> exchange.getAttributes().put(ATTRIBUTE, new Outcome(bytes, null)))
                    .doOnError(failure -> exchange.getAttributes().put(ATTRIBUTE, new Outcome(null, failure)));
        });
    }

    /** Whether the body of {@code exchange} was read (or its read failed) already. */
    public static boolean isRead(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE) != null;
    }
}
