package io.aigw.gateway.demo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo profile's in-process mock upstream, bound from {@code aigw.demo.mock.*}.
 *
 * @param host        {@code aigw.demo.mock.host}, the address to bind, default {@code 127.0.0.1}
 * @param port        {@code aigw.demo.mock.port}, default 9901; 0 picks an ephemeral port
 * @param chunks      {@code aigw.demo.mock.chunks}, content deltas per streamed answer, default 12
 * @param chunkDelay  {@code aigw.demo.mock.chunk-delay}, pause before each delta, default 40ms
 */
@ConfigurationProperties("aigw.demo.mock")
public record DemoMockProperties(
        @DefaultValue(MockModelSettings.DEFAULT_HOST) String host,
        @DefaultValue("9901") int port,
        @DefaultValue("12") int chunks,
        @DefaultValue("40ms") Duration chunkDelay) {

    /**
     * The validated server settings.
     *
     * @throws IllegalArgumentException naming the bad value, if a property is out of range
     */
    public MockModelSettings toSettings() {
        return new MockModelSettings(host, port, chunks, chunkDelay);
    }
}
