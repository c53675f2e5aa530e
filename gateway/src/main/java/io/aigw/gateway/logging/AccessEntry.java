package io.aigw.gateway.logging;

/**
 * What the access log says about one request: identifiers, the route and model, what the client got and
 * how long it took, and the upstream call. Never a key, a prompt or a completion. Strings may be null
 * (written as {@code -}); numbers are -1 when unknown.
 *
 * @param requestId the request id ({@code X-Request-Id})
 * @param product the product id, null when the key matched none
 * @param route the route id
 * @param protocol {@code openai} or {@code anthropic}
 * @param model the model asked for, as the client named it
 * @param status the HTTP status the client got, -1 when none was sent (the client went away first)
 * @param outcome {@code served}, {@code denied}, {@code blocked}, {@code error}, {@code cancelled}, {@code invalid}
 * @param error the gateway's error code, null when none (or the upstream's own error was passed on)
 * @param latencyMs from the request's arrival to the end of its answer
 * @param upstream the upstream called last (a route id or fallback name), null when none was called
 * @param upstreamStatus the upstream's HTTP status, -1 when it gave none
 * @param upstreamMs from admission to the end of the upstream's answer, -1 when none was called
 * @param promptTokens tokens the upstream reported for the prompt, -1 when it reported none
 * @param completionTokens tokens the upstream reported for the completion, -1 when it reported none
 */
public record AccessEntry(String requestId, String product, String route, String protocol, String model, int status,
        String outcome, String error, long latencyMs, String upstream, int upstreamStatus, long upstreamMs,
        long promptTokens, long completionTokens) {

    /** Whether the upstream failed this request: no answer from it, or a 5xx/529 answer, or a gateway code naming it. */
    public boolean upstreamFailed() {
        return upstream != null && (upstreamStatus >= 500 || (error != null && error.startsWith("upstream_")));
    }
}
