package io.aigw.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RequestIdWebFilterTest {

    @Test
    void formatsIdsAsThirtyTwoZeroPaddedLowerCaseHexDigits() {
        assertThat(RequestIdWebFilter.formatId(0L, -1L)).isEqualTo("req_0000000000000000ffffffffffffffff");
        assertThat(RequestIdWebFilter.formatId(0x0123456789abcdefL, 0xfedcba9876543210L))
                .isEqualTo("req_0123456789abcdeffedcba9876543210");
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000; i++) {
            long high = random.nextLong();
            long low = random.nextLong();
            assertThat(RequestIdWebFilter.formatId(high, low)).isEqualTo(String.format("req_%016x%016x", high, low));
        }
    }

    @Test
    void newIdsAreWellFormedDistinctAndAcceptedBack() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String id = RequestIdWebFilter.newId();
            assertThat(id).matches("req_[0-9a-f]{32}");
            assertThat(RequestIdWebFilter.acceptable(id)).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(1_000);
    }

    @Test
    void refusesClientIdsThatAreEmptyTooLongOrNotPrintableAscii() {
        assertThat(RequestIdWebFilter.acceptable(null)).isNull();
        assertThat(RequestIdWebFilter.acceptable("")).isNull();
        assertThat(RequestIdWebFilter.acceptable("a".repeat(129))).isNull();
        assertThat(RequestIdWebFilter.acceptable("has space")).isNull();
        assertThat(RequestIdWebFilter.acceptable("caf\u00e9")).isNull();
        assertThat(RequestIdWebFilter.acceptable("client-42")).isEqualTo("client-42");
    }
}
