package io.aigw.gateway.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link MockModelServer}.
 *
 * @param host       the address to bind, e.g. {@code 127.0.0.1}; never blank
 * @param port       the TCP port to bind, {@code 0} for an ephemeral port, at most 65535
 * @param chunks     how many content deltas a streamed answer has, 1 to {@value #MAX_CHUNKS}
 * @param chunkDelay the pause before each content delta of a stream, zero or positive, at most
 *                   {@value #MAX_DELAY_MILLIS} ms
 */
public record MockModelSettings(String host, int port, int chunks, Duration chunkDelay) {

    /** Upper bound of {@link #chunks()}, also applied to the {@code x-mock-chunks} header. */
    public static final int MAX_CHUNKS = 10_000;

    /** Upper bound of {@link #chunkDelay()}, also applied to the {@code x-mock-delay-ms} header. */
    public static final long MAX_DELAY_MILLIS = 60_000;

    /** Loopback address used by {@link #defaults()}. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Content deltas per streamed answer used by {@link #defaults()}. */
    public static final int DEFAULT_CHUNKS = 12;

    /** Pause before each content delta used by {@link #defaults()}. */
    public static final Duration DEFAULT_CHUNK_DELAY = Duration.ofMillis(40);

    /**
     * Validates every component.
     *
     * @throws NullPointerException     if {@code host} or {@code chunkDelay} is null
     * @throws IllegalArgumentException naming the bad value, if any component is out of range
     */
    public MockModelSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(chunkDelay, "chunkDelay");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        checkChunks(chunks, "chunks");
        checkDelay(chunkDelay, "chunkDelay");
    }

    /** Settings bound to {@code 127.0.0.1} on an ephemeral port, 12 chunks, 40 ms apart. */
    public static MockModelSettings defaults() {
        return new MockModelSettings(DEFAULT_HOST, 0, DEFAULT_CHUNKS, DEFAULT_CHUNK_DELAY);
    }

    /** A copy with another port; validated like the constructor. */
    public MockModelSettings withPort(int newPort) {
        return new MockModelSettings(host, newPort, chunks, chunkDelay);
    }

    /** A copy with another chunk count; validated like the constructor. */
    public MockModelSettings withChunks(int newChunks) {
        return new MockModelSettings(host, port, newChunks, chunkDelay);
    }

    /** A copy with another chunk delay; validated like the constructor. */
    public MockModelSettings withChunkDelay(Duration newChunkDelay) {
        return new MockModelSettings(host, port, chunks, newChunkDelay);
    }

    static int checkChunks(int value, String name) {
        if (value < 1 || value > MAX_CHUNKS) {
            throw new IllegalArgumentException(name + " must be 1.." + MAX_CHUNKS + ", was " + value);
        }
        return value;
    }

    static Duration checkDelay(Duration value, String name) {
        if (value.isNegative() || value.toMillis() > MAX_DELAY_MILLIS) {
            throw new IllegalArgumentException(
                    name + " must be 0.." + MAX_DELAY_MILLIS + " ms, was " + value.toMillis() + " ms");
        }
        return value;
    }
}
