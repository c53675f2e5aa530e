package io.aigw.gateway.upstream;

/**
 * The upstream answered with a status worth retrying (502, 503, 529 by default) before any of its
 * body was forwarded. Internal to the retry loop: when no retry follows, the answer goes to the client
 * as the upstream sent it.
 */
final class RetryableStatusException extends RuntimeException {

    private final int status;

    RetryableStatusException(int status) {
        super("the upstream answered " + status, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
