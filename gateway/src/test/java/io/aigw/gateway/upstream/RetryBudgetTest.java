package io.aigw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void startsFullAndLendsOneRetryPerToken() {
        RetryBudget budget = new RetryBudget(0.2, 2);
        assertThat(budget.tryAcquireRetry()).isTrue();
        assertThat(budget.tryAcquireRetry()).isTrue();
        assertThat(budget.tryAcquireRetry()).isFalse();
        assertThat(budget.available()).isZero();
    }

    @Test
    void everyRequestEarnsItsRatioOfARetry() {
        RetryBudget budget = new RetryBudget(0.2, 2);
        budget.tryAcquireRetry();
        budget.tryAcquireRetry();
        for (int i = 0; i < 4; i++) {
            budget.recordRequest();
            assertThat(budget.tryAcquireRetry()).isFalse();
        }
        budget.recordRequest();
        assertThat(budget.tryAcquireRetry()).isTrue();
        assertThat(budget.available()).isZero();
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        RetryBudget budget = new RetryBudget(0.5, 3);
        for (int i = 0; i < 100; i++) {
            budget.recordRequest();
        }
        assertThat(budget.available()).isEqualTo(3.0);
    }

    @Test
    void overAnyRunOfRequestsRetriesStayWithinCapacityPlusRatioTimesRequests() {
        RetryBudget budget = new RetryBudget(0.2, 10);
        int requests = 1_000;
        int retries = 0;
        for (int i = 0; i < requests; i++) {
            budget.recordRequest();
            while (budget.tryAcquireRetry()) {
                retries++;
            }
        }
        // The bound: capacity + ratio * requests (the first request's share is lost to the full bucket).
        assertThat(retries).isLessThanOrEqualTo(10 + 200).isGreaterThanOrEqualTo(10 + 199);
    }

    @Test
    void rejectsNegativeSettingsNamingThem() {
        assertThatThrownBy(() -> new RetryBudget(-0.1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new RetryBudget(0.1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
