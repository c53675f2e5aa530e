package io.aigw.gateway.quota;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.quota.ProductQuota;
import io.aigw.filters.quota.QuotaBucket;
import io.aigw.filters.quota.QuotaLimits;
import io.aigw.filters.quota.QuotaScope;
import io.aigw.gateway.GatewayIntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Quotas kept in a real {@code redis-server} (a child process of this test, {@link RedisServer}), with
 * the default {@code aigw.quota.redis.on-failure=open}: the Lua scripts hold requests, tokens and stream
 * places; and with the server killed in the middle of a load, requests are served unmetered within the
 * command timeout (none waits, none fails), then metered again once the server is started again.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class QuotaRedisIntegrationTest extends GatewayIntegrationTest {

    static final RedisServer REDIS = RedisServer.start();
    static final Path PRODUCTS_FILE = QuotaProducts.file(
            QuotaProducts.product("redis-rpm-app", "{ requests-per-minute: 20 }"),
            QuotaProducts.product("redis-tokens-app", "{ tokens-per-minute: 50, concurrent-streams: 1 }"),
            QuotaProducts.product("redis-load-app", "{ requests-per-minute: 30 }"));

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("aigw.products.file", PRODUCTS_FILE::toString);
        registry.add("aigw.quota.redis.url", REDIS::url);
        // Above the default 250 ms: this machine's load must not turn a slow answer into a fail-open.
        registry.add("aigw.quota.redis.timeout", () -> "1s");
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Autowired
    QuotaStore store;

    @Autowired
    MeterRegistry meters;

    @Test
    void requestsAreCountedInRedis() {
        stubOpenAiJson();
        assertThat(store).isInstanceOf(RedisQuotaStore.class);
        int admitted = 0;
        for (int i = 0; i < 25; i++) {
            HttpResponse<String> response = openAi("redis-rpm-app");
            assertThat(response.statusCode()).as(response.body()).isIn(200, 429);
            if (response.statusCode() == 200) {
                admitted++;
            }
        }
        // 20 in a full bucket, plus at most one refilled (20 a minute) while the 25 requests ran.
        assertThat(admitted).isBetween(20, 21);
        assertThat(REDIS.command("EXISTS aigw:quota:{redis-rpm-app}:rpm")).isEqualTo(":1");
        assertThat(REDIS.command("HGET aigw:quota:{redis-rpm-app}:rpm l")).startsWith("$");
    }

    @Test
    void tokensAndStreamPlacesAreKeptInRedis() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(transcript("anthropic-stream.sse"))));
        List<QuotaBucket> buckets = ProductQuota.buckets(List.of(
                new QuotaScope("{redis-tokens-app}", new QuotaLimits(null, 50L, null, null))));
        assertThat(anthropicStream().statusCode()).isEqualTo(200); // 25 + 15 tokens
        QuotaIntegrationTest.await("the tokens to be charged in Redis",
                () -> store.admit(buckets, List.of()).block(Duration.ofSeconds(5)).buckets().get(0).remaining() <= 10);
        // The stream's place was given back at its end: the next stream is admitted.
        assertThat(REDIS.command("ZCARD aigw:quota:{redis-tokens-app}:streams")).isEqualTo(":0");
        assertThat(anthropicStream().statusCode()).isEqualTo(200);
        QuotaIntegrationTest.await("the debt to refuse", () -> anthropicStream().statusCode() == 429);
    }

    @Test
    void withRedisKilledMidLoadRequestsAreServedUnmeteredAndMeteredAgainOnceItIsBack() throws Exception {
        stubOpenAiJson();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        long loadStart = System.nanoTime();
        AtomicLong slowest = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(2);
        for (int i = 0; i < 2; i++) {
            load.submit(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = openAi("redis-load-app").statusCode();
                    } catch (RuntimeException e) {
                        status = -1; // no answer at all (timed out, connection failed)
                    }
                    slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
                    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                }
                return null;
            });
        }
        try {
            QuotaIntegrationTest.await("the load to use up its quota", () -> count(statuses, 429) > 0, statuses::toString);
            // 30 in a full bucket, plus what refilled (30 a minute) meanwhile; a command that timed out may
            // still have run on the server, so only "at most" is exact.
            assertThat(decisions("admitted")).isBetween(1.0, 30.0 + refilled(30, loadStart));
            assertThat(decisions("admitted") + decisions("failed_open")).isGreaterThanOrEqualTo(30.0);

            REDIS.stop();
            long servedBefore = count(statuses, 200);
            slowest.set(0);
            // Fail-open: served, unmetered, each within the command timeout (250 ms) plus the call.
            QuotaIntegrationTest.await("requests to be served while Redis is down", () -> count(statuses, 200) > servedBefore + 40,
                    statuses::toString);
            assertThat(decisions("failed_open")).isGreaterThan(0);
            assertThat(Duration.ofNanos(slowest.get())).isLessThan(Duration.ofSeconds(3));

            double deniedBefore = decisions("denied");
            double admittedBefore = decisions("admitted");
            REDIS.startAgain(); // empty: a full bucket of 30 again
            long restart = System.nanoTime();
            QuotaIntegrationTest.await("the quota to be enforced again", () -> decisions("denied") > deniedBefore,
                    statuses::toString);
            assertThat(decisions("admitted") - admittedBefore).isBetween(1.0, 30.0 + refilled(30, restart));
        } finally {
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        // Nothing but answers and refusals: no request failed because Redis did.
        assertThat(statuses.keySet()).as(statuses.toString()).containsOnly(200, 429);
    }

    /** The most a bucket of {@code perMinute} refilled since {@code startNanos}, whole requests, plus one. */
    private static double refilled(int perMinute, long startNanos) {
        return Math.floor((System.nanoTime() - startNanos) / 60e9 * perMinute) + 1;
    }

    private double decisions(String outcome) {
        return meters.find(QuotaMetrics.DECISIONS).tags("product", "redis-load-app", "outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static long count(Map<Integer, LongAdder> statuses, int status) {
        LongAdder adder = statuses.get(status);
        return adder == null ? 0 : adder.sum();
    }

    private void stubOpenAiJson() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(QuotaIntegrationTest.OPENAI_JSON)));
    }

    private HttpResponse<String> openAi(String product) {
        return send("/v1/chat/completions", QuotaIntegrationTest.OPENAI_BODY, "Authorization", "Bearer " + product + "-key");
    }

    private HttpResponse<String> anthropicStream() {
        return send("/v1/messages", QuotaIntegrationTest.ANTHROPIC_STREAM_BODY, "x-api-key", "redis-tokens-app-key");
    }

}
