package io.aigw.filters.label;

import io.aigw.filters.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ProduceIdGeneratorTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123Z");

    @Test
    void isAVersion7UuidCarryingTheClocksMilliseconds() {
        ProduceIdGenerator ids = new ProduceIdGenerator(new MutableClock(T0));

        String id = ids.next();
        UUID uuid = UUID.fromString(id);

        assertThat(id).hasSize(36).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(T0.toEpochMilli());
        assertThat(uuid.toString()).isEqualTo(id);
        assertThat(AigcMetadata.isValidValue(id)).isTrue();
    }

    @Test
    void idsIncreaseWithinOneMillisecondAcrossTheCounterOverflowAndWhenTheClockStepsBack() {
        MutableClock clock = new MutableClock(T0);
        ProduceIdGenerator ids = new ProduceIdGenerator(clock);
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            issued.add(ids.next());
        }
        clock.set(T0.minusSeconds(60));
        for (int i = 0; i < 100; i++) {
            issued.add(ids.next());
        }
        clock.advance(Duration.ofHours(2));
        issued.add(ids.next());

        assertThat(issued).isSorted().doesNotHaveDuplicates();
        long lastMillis = UUID.fromString(issued.get(issued.size() - 1)).getMostSignificantBits() >>> 16;
        assertThat(lastMillis).isEqualTo(clock.millis());
    }

    @Test
    void laterMillisecondsSortLaterAsStrings() {
        MutableClock clock = new MutableClock(T0);
        ProduceIdGenerator ids = new ProduceIdGenerator(clock);
        String first = ids.next();
        clock.advance(Duration.ofMillis(1));

        assertThat(ids.next()).isGreaterThan(first);
    }

    @Test
    void concurrentCallersGetUniqueIdsAndEachSeesIncreasingOnes() throws Exception {
        ProduceIdGenerator ids = new ProduceIdGenerator(new MutableClock(T0));
        Set<String> all = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> sortedPerThread = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                sortedPerThread.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < 20_000; i++) {
                        mine.add(ids.next());
                    }
                    all.addAll(mine);
                    return mine.equals(mine.stream().sorted().toList());
                }));
            }
            for (Future<Boolean> f : sortedPerThread) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(all).hasSize(80_000);
    }

    @Test
    void twoGeneratorsInTheSameMillisecondDoNotCollide() {
        MutableClock clock = new MutableClock(T0);
        Set<String> seen = new HashSet<>();
        for (int g = 0; g < 100; g++) {
            ProduceIdGenerator ids = new ProduceIdGenerator(clock);
            for (int i = 0; i < 100; i++) {
                assertThat(seen.add(ids.next())).isTrue();
            }
        }
    }
}
