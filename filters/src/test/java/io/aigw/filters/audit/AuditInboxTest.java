package io.aigw.filters.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuditInboxTest {

    @Test
    void reservationsStopAtTheCapacityAndComeBackOnRelease() {
        AuditInbox inbox = new AuditInbox(2, Thread.currentThread());
        assertThat(inbox.tryReserve()).isTrue();
        assertThat(inbox.tryReserve()).isTrue();
        assertThat(inbox.tryReserve()).isFalse();
        assertThat(inbox.reserved()).isEqualTo(2);
        inbox.release();
        assertThat(inbox.tryReserve()).isTrue();
        assertThat(inbox.tryReserve()).isFalse();
    }

    @Test
    void concurrentReservationsNeverExceedTheCapacity() throws Exception {
        int capacity = 1000;
        AuditInbox inbox = new AuditInbox(capacity, Thread.currentThread());
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(CompletableFuture.runAsync(() -> {
                    await(start);
                    for (int i = 0; i < 1000; i++) {
                        if (inbox.tryReserve()) {
                            granted.incrementAndGet();
                        }
                    }
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(granted.get()).isEqualTo(capacity);
        assertThat(inbox.reserved()).isEqualTo(capacity);
    }

    @Test
    void itemsComeOutInOrderAndAnEmptyPollTimesOut() {
        AuditInbox inbox = new AuditInbox(1, Thread.currentThread());
        assertThat(inbox.offer("a")).isTrue();
        assertThat(inbox.offer("b")).isTrue();
        assertThat(inbox.poll(TimeUnit.SECONDS.toNanos(1))).isEqualTo("a");
        assertThat(inbox.poll()).isEqualTo("b");
        long before = System.nanoTime();
        assertThat(inbox.poll(TimeUnit.MILLISECONDS.toNanos(20))).isNull();
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void aProducerWakesAParkedConsumer() throws Exception {
        CompletableFuture<Object> taken = new CompletableFuture<>();
        CountDownLatch consumerReady = new CountDownLatch(1);
        AuditInbox[] holder = new AuditInbox[1];
        Thread consumer = new Thread(() -> {
            consumerReady.countDown();
            // A long wait: only the producer's unpark can end it within the test's bound.
            taken.complete(holder[0].poll(TimeUnit.MINUTES.toNanos(5)));
        });
        holder[0] = new AuditInbox(1, consumer);
        consumer.start();
        consumerReady.await();
        // Let the consumer park, whatever the scheduling, then produce.
        for (int i = 0; i < 1000 && consumer.getState() != Thread.State.TIMED_WAITING; i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
        assertThat(holder[0].offer("line")).isTrue();
        assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo("line");
        consumer.join(10_000);
    }

    @Test
    void anItemOfferedAfterCloseIsHandedBack() {
        AuditInbox inbox = new AuditInbox(1, Thread.currentThread());
        inbox.close();
        assertThat(inbox.offer("late")).isFalse();
        assertThat(inbox.poll()).isNull();
    }

    @Test
    void racingWithCloseEveryItemIsHandledExactlyOnce() throws Exception {
        for (int round = 0; round < 50; round++) {
            Set<Integer> consumed = new HashSet<>();
            AtomicInteger handedBack = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            AuditInbox[] inboxRef = new AuditInbox[1];
            Thread consumer = new Thread(() -> {
                await(start);
                AuditInbox inbox = inboxRef[0];
                for (int i = 0; i < 200; i++) {
                    Object item = inbox.poll();
                    if (item != null) {
                        consumed.add((Integer) item);
                    }
                }
                inbox.close();
                Object item;
                while ((item = inbox.poll()) != null) {
                    consumed.add((Integer) item);
                }
            });
            inboxRef[0] = new AuditInbox(1, consumer);
            Thread producer = new Thread(() -> {
                await(start);
                for (int i = 0; i < 2000; i++) {
                    if (!inboxRef[0].offer(i)) {
                        handedBack.incrementAndGet();
                    }
                }
            });
            consumer.start();
            producer.start();
            start.countDown();
            producer.join(20_000);
            consumer.join(20_000);
            // Items offered after the consumer's last drain and still there were handed back.
            int leftOver = 0;
            while (inboxRef[0].poll() != null) {
                leftOver++;
            }
            assertThat(consumed.size() + handedBack.get() + leftOver).as("round " + round).isEqualTo(2000);
            assertThat(leftOver).as("nothing stays queued once closed").isZero();
        }
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new AuditInbox(0, Thread.currentThread()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
