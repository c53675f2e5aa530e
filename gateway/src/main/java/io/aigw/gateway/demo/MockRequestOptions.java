package io.aigw.gateway.demo;

import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;

/**
 * Per-request pacing: the server settings, overridden by the {@value MockModelServer#CHUNKS_HEADER}
 * and {@value MockModelServer#DELAY_HEADER} request headers when present.
 *
 * @param chunks     content deltas of a streamed answer, 1 to {@link MockModelSettings#MAX_CHUNKS}
 * @param chunkDelay pause before each content delta
 */
record MockRequestOptions(int chunks, Duration chunkDelay) {

    /**
     * @throws MockRequestException 400 naming the header and value, if a header is not an integer in range
     */
    static MockRequestOptions from(HttpHeaders headers, MockModelSettings settings) {
        int chunks = settings.chunks();
        Duration delay = settings.chunkDelay();
        String chunksHeader = headers.get(MockModelServer.CHUNKS_HEADER);
        String delayHeader = headers.get(MockModelServer.DELAY_HEADER);
        try {
            if (chunksHeader != null) {
                chunks = MockModelSettings.checkChunks(parseInt(chunksHeader, MockModelServer.CHUNKS_HEADER),
                        MockModelServer.CHUNKS_HEADER);
            }
            if (delayHeader != null) {
                delay = MockModelSettings.checkDelay(
                        Duration.ofMillis(parseInt(delayHeader, MockModelServer.DELAY_HEADER)),
                        MockModelServer.DELAY_HEADER);
            }
        } catch (IllegalArgumentException e) {
            throw MockRequestException.badRequest("invalid_header", e.getMessage());
        }
        return new MockRequestOptions(chunks, delay);
    }

    private static int parseInt(String value, String header) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(header + " must be an integer, was '" + value + "'");
        }
    }
}
