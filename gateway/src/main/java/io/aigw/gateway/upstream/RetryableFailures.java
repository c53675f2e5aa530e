package io.aigw.gateway.upstream;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Which failures of an upstream call, before its answer started, are safe to repeat: the request
 * never got through (connection refused, connect timeout), the connection was reset or closed
 * before a response, or a retryable status ({@link RetryableStatusException}). Timeouts waiting for
 * the response headers are not: the upstream may still be working on the request.
 */
final class RetryableFailures {

    private RetryableFailures() {
    }

    static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetryableStatusException || t instanceof ConnectException
                    || t instanceof ConnectTimeoutException || t instanceof PrematureCloseException) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("Connection reset")) {
                return true;
            }
        }
        return false;
    }
}
