package io.aigw.gateway.console;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The check in front of every console data endpoint: exactly one {@code Authorization: Bearer <session>}
 * header with a live session token ({@link ConsoleSessions}); the session is then in the request's
 * attributes ({@link #session(ServerRequest)}). Otherwise 401 with a JSON body whose {@code error} is
 * {@code session_expired} (a token signed here, past its expiry) or {@code unauthorized} (none, malformed,
 * forged, or the admin token itself: only the login takes that). Thread-safe.
 */
final class ConsoleSessionCheck implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private static final String ATTRIBUTE = ConsoleSessionCheck.class.getName() + ".session";
    private static final String BEARER = "Bearer ";
    private static final String EXPIRED =
            "{\"error\":\"session_expired\",\"message\":\"the console session expired; sign in again\"}";
    private static final String UNAUTHORIZED =
            "{\"error\":\"unauthorized\",\"message\":\"Authorization: Bearer <console session token> required; sign in at /console/\"}";

    private final ConsoleSessions sessions;

    ConsoleSessionCheck(ConsoleSessions sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** The live session the check let through; empty on a request it did not see. */
    static Optional<ConsoleSessions.Session> session(ServerRequest request) {
        return request.attribute(ATTRIBUTE).map(ConsoleSessions.Session.class::cast);
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        List<String> presented = request.headers().header(HttpHeaders.AUTHORIZATION);
        String header = presented.size() == 1 ? presented.get(0) : "";
        ConsoleSessions.Check check = header.startsWith(BEARER)
                ? sessions.check(header.substring(BEARER.length()))
                : new ConsoleSessions.Refused();
        if (check instanceof ConsoleSessions.Live live) {
            request.attributes().put(ATTRIBUTE, live.session());
            return next.handle(request);
        }
        return unauthorized(check instanceof ConsoleSessions.Expired ? EXPIRED : UNAUTHORIZED);
    }

    private static Mono<ServerResponse> unauthorized(String body) {
        return ServerResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"aigw-console\"")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body);
    }
}
