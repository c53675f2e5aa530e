package io.aigw.gateway.route;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.MediaType;

/**
 * Checks that a successful upstream answer is of the kind the client asked for: {@code text/event-stream}
 * for a streaming request, JSON ({@code application/json} or {@code application/*+json}) otherwise.
 * Anything else (an HTML error page with 200, say, or a whole JSON answer to a streaming request, which
 * the client's SDK could not read) is the upstream's fault: 502. An answer without {@code Content-Type}
 * is given the benefit of the doubt and parsed as what was asked for. Stateless.
 */
final class UpstreamContentType {

    private UpstreamContentType() {
    }

    /** The error to answer with, or empty when {@code type} fits the request. */
    static Optional<ProtocolException> mismatch(MediaType type, boolean streamRequested) {
        if (type == null) {
            return Optional.empty();
        }
        boolean eventStream = MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
        boolean json = "application".equalsIgnoreCase(type.getType())
                && ("json".equalsIgnoreCase(type.getSubtype()) || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
        if (streamRequested == eventStream && (streamRequested || json)) {
            return Optional.empty();
        }
        String expected = streamRequested ? "text/event-stream" : "application/json";
        return Optional.of(new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream answered with Content-Type "
                + type.getType() + "/" + type.getSubtype() + " where " + expected + " was expected"));
    }
}
