package io.aigw.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards {@code /admin/**}: off entirely (404) when no admin token is configured, else
 * {@code Authorization: Bearer <AIGW_ADMIN_TOKEN>} is required, compared in constant time, and
 * anything else gets 401 with a JSON body. The token is read once, at start-up. Thread-safe.
 */
final class AdminAccessWebFilter implements WebFilter, Ordered {

    /** The environment variable (or Spring property) holding the admin token. */
    static final String TOKEN_VARIABLE = "AIGW_ADMIN_TOKEN";
    static final String PREFIX = "/admin";
    /** Right after the request-id filter, before anything else sees an admin request. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private static final byte[] NOT_FOUND = "{\"error\":\"not_found\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNAUTHORIZED =
            "{\"error\":\"unauthorized\",\"message\":\"Authorization: Bearer <admin token> required\"}"
                    .getBytes(StandardCharsets.UTF_8);

    /** The expected header value, or null when admin is off. */
    private final byte[] expected;

    /** @param token the admin token; null or blank turns {@code /admin/**} off */
    AdminAccessWebFilter(String token) {
        this.expected = token == null || token.isBlank() ? null
                : ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the admin endpoints are on. */
    boolean enabled() {
        return expected != null;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            return chain.filter(exchange);
        }
        if (expected == null) {
            return reject(exchange.getResponse(), HttpStatus.NOT_FOUND, NOT_FOUND);
        }
        String presented = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        byte[] given = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"aigw-admin\"");
            return reject(exchange.getResponse(), HttpStatus.UNAUTHORIZED, UNAUTHORIZED);
        }
        return chain.filter(exchange);
    }

    private static Mono<Void> reject(ServerHttpResponse response, HttpStatus status, byte[] body) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
