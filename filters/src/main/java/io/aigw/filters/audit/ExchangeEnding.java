package io.aigw.filters.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * How a chat exchange ended, as the HTTP layer saw it when its audit record was built: the rest of what
 * decides the outcome is in its {@link ExchangeFacts}.
 *
 * @param signal how the exchange's processing ended
 * @param responseStatus the HTTP status the client got (or is about to get); null when none was set
 * @param upstreamStatus the HTTP status of the upstream response the client got; null when no upstream
 *        answered (refused before the call, or the call failed)
 * @param at when the record was built; the upstream latency runs from admission to this instant
 */
public record ExchangeEnding(Signal signal, Integer responseStatus, Integer upstreamStatus, Instant at) {

    public ExchangeEnding {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(at, "at");
    }

    /** How the exchange's processing ended. */
    public enum Signal {
        /** It completed: an answer (of any status) went out whole, or is about to (the audit commit). */
        COMPLETED,
        /** It failed with an error the gateway did not turn into an answer. */
        FAILED,
        /** The client went away. */
        CANCELLED
    }

    /** Whether the client got a 2xx status. */
    boolean successful() {
        return responseStatus != null && responseStatus >= 200 && responseStatus < 300;
    }
}
