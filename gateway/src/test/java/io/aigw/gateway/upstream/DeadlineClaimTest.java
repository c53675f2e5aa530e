package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.ProtocolException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class DeadlineClaimTest {

    private final AtomicLong nanos = new AtomicLong(1_000);

    private DeadlineClaim claim(Duration total) {
        return new DeadlineClaim(UpstreamDeadline.startingNow(total, nanos::get));
    }

    @Test
    void expiryFailsWithTheTimeoutOnceTheDeadlinePassesWhileWaiting() {
        StepVerifier.withVirtualTime(() -> claim(Duration.ofSeconds(3)).expiry())
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("3000 ms"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void expiryStandsBackWhenHeadersClaimedTheExchangeFirst() {
        DeadlineClaim claim = claim(Duration.ofSeconds(3));
        assertThat(claim.claimForHeaders()).isTrue();
        StepVerifier.withVirtualTime(claim::expiry)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(10))
                .thenCancel().verify();
        assertThat(claim.claimForDeadline()).isFalse();
    }

    @Test
    void headersThatComeAfterTheDeadlineClaimedAreRefused() {
        DeadlineClaim claim = claim(Duration.ofSeconds(3));
        assertThat(claim.claimForDeadline()).isTrue();
        assertThat(claim.claimForHeaders()).isFalse();
    }

    @Test
    void aDiscardedAttemptGivesItsClaimBackWhileTimeIsLeft() {
        DeadlineClaim claim = claim(Duration.ofSeconds(3));
        assertThat(claim.claimForHeaders()).isTrue();
        StepVerifier.create(claim.reopen()).verifyComplete();
        assertThat(claim.claimForHeaders()).as("the next attempt's headers").isTrue();
    }

    @Test
    void reopeningAfterTheDeadlinePassedFailsAtOnceAndKeepsLaterHeadersOut() {
        DeadlineClaim claim = claim(Duration.ofSeconds(3));
        assertThat(claim.claimForHeaders()).isTrue();
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        StepVerifier.create(claim.reopen()).expectError(ProtocolException.class).verify();
        assertThat(claim.claimForHeaders()).isFalse();
    }

    @Test
    void noDeadlineNeverExpires() {
        DeadlineClaim claim = claim(Duration.ZERO);
        StepVerifier.withVirtualTime(claim::expiry).expectSubscription().expectNoEvent(Duration.ofDays(1)).thenCancel().verify();
        nanos.addAndGet(Duration.ofDays(30).toNanos());
        StepVerifier.create(claim.reopen()).verifyComplete();
    }
}
