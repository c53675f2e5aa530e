package io.aigw.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The admin token check, applied by the admin router to every request it dispatches to an admin
 * handler: whatever spelling of the path reached the handler (percent-encoded, with matrix
 * parameters, ...), it went through here. {@code Authorization: Bearer <AIGW_ADMIN_TOKEN>} is
 * required, compared in constant time; anything else gets 401 with a JSON body. Thread-safe.
 */
final class AdminAccess implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    /** The environment variable (or Spring property) holding the admin token. */
    static final String TOKEN_VARIABLE = "AIGW_ADMIN_TOKEN";

    private static final String UNAUTHORIZED =
            "{\"error\":\"unauthorized\",\"message\":\"Authorization: Bearer <admin token> required\"}";

    /** The expected header value. */
    private final byte[] expected;

    /** @param token the admin token, not blank */
    AdminAccess(String token) {
        if (!isSet(token)) {
            throw new IllegalArgumentException("the admin token is blank");
        }
        this.expected = ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code token} turns the admin endpoints on (not null, not blank). */
    static boolean isSet(String token) {
        return token != null && !token.isBlank();
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        // Exactly one Authorization header: a second one is refused, not guessed between.
        var presented = request.headers().header(HttpHeaders.AUTHORIZATION);
        byte[] given = presented.size() == 1 ? presented.get(0).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(expected, given)) {
            return ServerResponse.status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"aigw-admin\"")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(UNAUTHORIZED);
        }
        return next.handle(request);
    }
}
