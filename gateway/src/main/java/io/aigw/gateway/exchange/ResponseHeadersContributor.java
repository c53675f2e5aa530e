package io.aigw.gateway.exchange;

import org.springframework.http.HttpHeaders;

/**
 * Lets a response stage set headers of the client's response. A
 * {@link io.aigw.filters.pipeline.ResponseStage} that also implements this interface is called by the
 * route's response decorator once per answer, just before the headers commit: for a stream, after
 * the stages are created and before the first event is processed (so only values known at the start
 * are available); for a JSON answer, after every event went through the stages. Not called for
 * upstream errors (non-2xx), which pass through untouched.
 *
 * <p>Called on the answer's thread, never concurrently with the stage's own methods; must not block.
 */
public interface ResponseHeadersContributor {

    /**
     * Adds or replaces headers of the client's response.
     *
     * @param headers the response headers, still writable
     * @param streaming whether the answer is a stream (headers go out before any event)
     */
    void contributeHeaders(HttpHeaders headers, boolean streaming);
}
