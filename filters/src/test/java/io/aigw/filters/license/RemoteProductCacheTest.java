package io.aigw.filters.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RemoteProductCacheTest {

    static final Duration REFRESH = Duration.ofMinutes(1);
    static final Duration MAX_STALENESS = Duration.ofMinutes(15);
    static final Instant NOW = LicensePolicyTest.noon("2026-11-24");

    /** A registry whose answers the test scripts: the current behaviour applies to every call. */
    static final class FakeRegistry implements ProductLoader {
        final AtomicInteger calls = new AtomicInteger();
        volatile Supplier<CompletableFuture<Optional<Product>>> behaviour;
        final Deque<CompletableFuture<Optional<Product>>> pending = new ArrayDeque<>();

        @Override
        public CompletableFuture<Optional<Product>> load(String productId) {
            calls.incrementAndGet();
            return behaviour.get();
        }

        void answers(Product product) {
            behaviour = () -> CompletableFuture.completedFuture(Optional.ofNullable(product));
        }

        void isDown() {
            behaviour = () -> CompletableFuture.failedFuture(new IOException("connection refused"));
        }

        void isSlow() {
            behaviour = () -> {
                var f = new CompletableFuture<Optional<Product>>();
                pending.add(f);
                return f;
            };
        }
    }

    final MutableClock clock = new MutableClock(NOW);
    final FakeRegistry registry = new FakeRegistry();
    final RemoteProductCache cache = RemoteProductCache.builder(registry)
            .refreshAfter(REFRESH)
            .maxStaleness(MAX_STALENESS)
            .maximumSize(100)
            .ticker(clock.ticker())
            .executor(Runnable::run)
            .build();

    static Product product(LicenseStatus status) {
        return new Product("acme-chat", "Acme Chat", "Acme Ltd", "001191110102MAD55U9H0F10002", List.of(), null,
                new License(status, null, null, null, List.of("*")), null);
    }

    ProductLookup lookup() {
        CompletableFuture<ProductLookup> future = cache.lookup("acme-chat");
        assertThat(future).as("lookup completes without waiting").isDone();
        return future.join();
    }

    @Test
    void answersFromTheCacheUntilARefreshIsDue() {
        registry.answers(product(LicenseStatus.LICENSED));

        assertThat(lookup()).isEqualTo(new ProductLookup.Found(product(LicenseStatus.LICENSED), Duration.ZERO));
        clock.advance(Duration.ofSeconds(59));
        ProductLookup again = lookup();

        assertThat(registry.calls).hasValue(1);
        assertThat(((ProductLookup.Found) again).age()).isEqualTo(Duration.ofSeconds(59));
    }

    @Test
    void refreshPicksUpAChangedLicense() {
        registry.answers(product(LicenseStatus.LICENSED));
        lookup();
        registry.answers(product(LicenseStatus.REVOKED));
        clock.advance(REFRESH.plusSeconds(1));

        lookup(); // notices the refresh is due; may still answer from the old entry
        ProductLookup after = lookup();

        assertThat(registry.calls).hasValue(2);
        assertThat(((ProductLookup.Found) after).product().license().status()).isEqualTo(LicenseStatus.REVOKED);
        assertThat(((ProductLookup.Found) after).age()).isEqualTo(Duration.ZERO);
        assertThat(LicensePolicy.defaults().decide(after, "gpt-4o", NOW).reason())
                .isEqualTo(DenyReason.LICENSE_REVOKED);
    }

    @Test
    void outageIsBridgedUntilMaxStalenessThenFailsClosed() {
        registry.answers(product(LicenseStatus.LICENSED));
        lookup();
        registry.isDown();

        clock.advance(Duration.ofMinutes(5));
        ProductLookup stale = lookup();
        assertThat(stale).isInstanceOf(ProductLookup.Found.class);
        assertThat(((ProductLookup.Found) stale).age()).isEqualTo(Duration.ofMinutes(5));
        assertThat(registry.calls).as("a refresh was tried").hasValueGreaterThan(1);

        clock.advance(MAX_STALENESS.minusMinutes(5).minusSeconds(1));
        ProductLookup lastStale = lookup();
        assertThat(((ProductLookup.Found) lastStale).age()).isEqualTo(MAX_STALENESS.minusSeconds(1));
        assertThat(LicensePolicy.defaults().decide(lastStale, "gpt-4o", NOW).allowed()).isTrue();

        clock.advance(Duration.ofSeconds(1));
        ProductLookup gone = lookup();
        assertThat(gone).isInstanceOf(ProductLookup.Unavailable.class);
        assertThat(((ProductLookup.Unavailable) gone).cause()).isInstanceOf(IOException.class)
                .hasMessage("connection refused");
        LicenseDecision decision = LicensePolicy.defaults().decide(gone, "gpt-4o", NOW);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo(DenyReason.LICENSE_REGISTRY_UNAVAILABLE);
    }

    @Test
    void failOpenLetsTheRequestThroughAndSaysSo() {
        registry.isDown();
        LicensePolicy failOpen = new LicensePolicy(LicenseMode.STRICT, LicensePolicy.DEFAULT_ZONE, 10,
                WorkingDayCalendar.weekendsOnly(), true);

        LicenseDecision decision = failOpen.decide(lookup(), "gpt-4o", NOW);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.failedOpen()).isTrue();
        assertThat(decision.wouldDeny()).isEqualTo(DenyReason.LICENSE_REGISTRY_UNAVAILABLE);
    }

    @Test
    void failuresAreNotCachedSoTheRegistryIsAskedAgainAndRecovers() {
        registry.isDown();
        assertThat(lookup()).isInstanceOf(ProductLookup.Unavailable.class);
        assertThat(lookup()).isInstanceOf(ProductLookup.Unavailable.class);
        assertThat(registry.calls).hasValue(2);

        registry.answers(product(LicenseStatus.LICENSED));
        ProductLookup recovered = lookup();

        assertThat(recovered).isEqualTo(new ProductLookup.Found(product(LicenseStatus.LICENSED), Duration.ZERO));
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void recoveryAfterAnOutageResetsTheAge() {
        registry.answers(product(LicenseStatus.LICENSED));
        lookup();
        registry.isDown();
        clock.advance(Duration.ofMinutes(10));
        lookup(); // refresh fails, stale entry served
        registry.answers(product(LicenseStatus.LICENSED));
        clock.advance(Duration.ofMinutes(1));

        lookup(); // refresh succeeds
        ProductLookup fresh = lookup();

        assertThat(((ProductLookup.Found) fresh).age()).isEqualTo(Duration.ZERO);
        clock.advance(Duration.ofMinutes(14));
        assertThat(lookup()).isInstanceOf(ProductLookup.Found.class);
    }

    @Test
    void aSlowRefreshDoesNotDelayRequests() {
        registry.answers(product(LicenseStatus.LICENSED));
        lookup();
        registry.isSlow();
        clock.advance(REFRESH.plusSeconds(1));

        ProductLookup during = lookup();
        ProductLookup stillDuring = lookup();

        assertThat(during).isInstanceOf(ProductLookup.Found.class);
        assertThat(stillDuring).isInstanceOf(ProductLookup.Found.class);
        assertThat(registry.pending).as("one refresh in flight, not one per request").hasSize(1);

        registry.pending.poll().complete(Optional.of(product(LicenseStatus.SUSPENDED)));
        assertThat(((ProductLookup.Found) lookup()).product().license().status())
                .isEqualTo(LicenseStatus.SUSPENDED);
    }

    @Test
    void aSlowFirstLoadIsSharedAndCompletesLater() {
        registry.isSlow();

        CompletableFuture<ProductLookup> first = cache.lookup("acme-chat");
        CompletableFuture<ProductLookup> second = cache.lookup("acme-chat");
        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        assertThat(registry.calls).hasValue(1);

        registry.pending.poll().complete(Optional.of(product(LicenseStatus.LICENSED)));

        assertThat(first.join()).isInstanceOf(ProductLookup.Found.class);
        assertThat(second.join()).isInstanceOf(ProductLookup.Found.class);
    }

    @Test
    void aSlowLoadThatFailsBecomesUnavailable() {
        registry.isSlow();
        CompletableFuture<ProductLookup> first = cache.lookup("acme-chat");

        registry.pending.poll().completeExceptionally(new IOException("read timed out"));

        assertThat(first.join()).isInstanceOf(ProductLookup.Unavailable.class);
    }

    @Test
    void unknownProductsAreCachedAsNotFound() {
        registry.answers(null);

        ProductLookup lookup = lookup();
        lookup();

        assertThat(lookup).isEqualTo(new ProductLookup.NotFound("acme-chat"));
        assertThat(registry.calls).hasValue(1);
        assertThat(LicensePolicy.defaults().decide(lookup, "gpt-4o", NOW).reason())
                .isEqualTo(DenyReason.PRODUCT_UNLICENSED);
    }

    @Test
    void aNullFutureFromTheLoaderIsAFailureNotACrash() {
        registry.behaviour = () -> null;
        assertThat(lookup()).isInstanceOf(ProductLookup.Unavailable.class);

        registry.behaviour = () -> {
            throw new IllegalStateException("bug in the loader");
        };
        assertThat(((ProductLookup.Unavailable) lookup()).cause()).hasMessage("bug in the loader");

        registry.behaviour = () -> CompletableFuture.completedFuture(null);
        assertThat(lookup()).isInstanceOf(ProductLookup.Unavailable.class);
    }

    @Test
    void invalidateForcesAFreshLoad() {
        registry.answers(product(LicenseStatus.LICENSED));
        lookup();
        registry.answers(product(LicenseStatus.SUSPENDED));

        cache.invalidate("acme-chat");

        assertThat(((ProductLookup.Found) lookup()).product().license().status())
                .isEqualTo(LicenseStatus.SUSPENDED);
        cache.invalidateAll();
        assertThat(cache.size()).isZero();
    }

    @Test
    void builderRejectsNonsense() {
        ProductLoader loader = id -> CompletableFuture.completedFuture(Optional.empty());
        assertThatThrownBy(() -> RemoteProductCache.builder(loader).refreshAfter(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> RemoteProductCache.builder(loader).maxStaleness(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> RemoteProductCache.builder(loader).maximumSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> RemoteProductCache.builder(loader).refreshAfter(Duration.ofMinutes(15))
                .maxStaleness(Duration.ofMinutes(15)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT15M");
        assertThatThrownBy(() -> RemoteProductCache.builder(null)).isInstanceOf(NullPointerException.class);
    }
}
