package io.aigw.gateway.exchange;

import io.aigw.gateway.GatewayIntegrationTest;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The integration tests run with BlockHound: a blocking call on a non-blocking thread fails. */
class BlockHoundIntegrationTest extends GatewayIntegrationTest {

    @Test
    void blockingOnAReactorThreadIsDetected() {
        Mono<Long> blocking = Mono.delay(Duration.ofMillis(1)).doOnNext(tick -> LockSupport.parkNanos(1_000_000));
        StepVerifier.create(blocking).expectError(BlockingOperationError.class).verify(Duration.ofSeconds(10));
    }
}
