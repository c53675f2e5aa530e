package io.aigw.gateway.upstream;

import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.channel.AbortedException;
import reactor.util.context.Context;

/**
 * What becomes of a failure that an upstream call reports after the exchange stopped waiting for it.
 * A timer (the exchange's deadline; before {@link EventLoopResponseTimeout}, also Spring Cloud Gateway's
 * {@code response-timeout}) or the client's connection cancels the call on its own thread while the
 * upstream connection's event loop may already be passing on the connection's failure; Reactor's
 * operators then hand that failure to {@code onErrorDropped} (soak seed 4892385974935928428: a reset
 * after the response timeout had fired).
 *
 * <p>A connection failure there (reset, closed, aborted) is expected: the exchange has been answered
 * already, and the connection is disposed. It is logged at DEBUG. Anything else is still a defect and is
 * logged at ERROR with the words Reactor uses ({@code onErrorDropped}). Installed per upstream call in
 * its subscriber context ({@link #handledIn}), never globally.
 */
final class AbandonedCallFailures {

    /**
     * Reactor's context key for a subscription's own {@code onErrorDropped} handler: read by
     * {@code Operators.onErrorDropped(Throwable, Context)} before the global hook
     * ({@code Hooks.KEY_ON_ERROR_DROPPED}, not public in reactor-core 3.8).
     */
    static final String ON_ERROR_DROPPED_KEY = "reactor.onErrorDropped.local";

    private static final Logger log = LoggerFactory.getLogger(AbandonedCallFailures.class);
    private static final Consumer<Throwable> HANDLER = AbandonedCallFailures::handle;

    private AbandonedCallFailures() {
    }

    /** {@code context} with the handler installed for the operators of one upstream call. */
    static Context handledIn(Context context) {
        return context.put(ON_ERROR_DROPPED_KEY, HANDLER);
    }

    static void handle(Throwable failure) {
        if (isConnectionFailure(failure)) {
            log.debug("The upstream connection failed after the exchange stopped waiting for it: {}", failure.toString());
            return;
        }
        log.error("onErrorDropped: an upstream call failed after the exchange stopped waiting for it", failure);
    }

    /** A reset, closed or aborted connection, also when wrapped. */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof AbortedException) {
                return true;
            }
        }
        return false;
    }
}
