package io.aigw.gateway.route;

import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.sse.SseEncodingException;
import io.aigw.filters.sse.SseLimitExceededException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.TimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;

/** Maps what can go wrong on the way to and from an upstream to the error a client is given. */
final class UpstreamFailures {

    private UpstreamFailures() {
    }

    /** The error for {@code failure}, walking its causes. */
    static ProtocolException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProtocolException pe) {
                return pe;
            }
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof TimeoutException
                    || t instanceof ConnectTimeoutException) {
                return new ProtocolException(ErrorKind.UPSTREAM_TIMEOUT, "the upstream did not answer in time");
            }
            if (t instanceof ResponseStatusException rse) {
                int status = rse.getStatusCode().value();
                if (status == 504) {
                    return new ProtocolException(ErrorKind.UPSTREAM_TIMEOUT, "the upstream did not answer in time");
                }
                if (status == 503) {
                    return new ProtocolException(ErrorKind.UPSTREAM_OVERLOADED, "the upstream is unavailable");
                }
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof PrematureCloseException || t instanceof ClosedChannelException) {
                return new ProtocolException(ErrorKind.UPSTREAM_UNAVAILABLE, "the upstream could not be reached");
            }
            if (t instanceof SseEncodingException) {
                return new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream sent an event that is not valid UTF-8");
            }
            if (t instanceof SseLimitExceededException || t instanceof DataBufferLimitException) {
                return new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream answer exceeds the gateway's size limit");
            }
            if (t instanceof IOException) {
                // e.g. Netty's native "Connection reset by peer" while the answer was being read.
                return new ProtocolException(ErrorKind.UPSTREAM_UNAVAILABLE, "the connection to the upstream broke");
            }
        }
        return new ProtocolException(ErrorKind.UPSTREAM_UNAVAILABLE, "the upstream failed");
    }
}
