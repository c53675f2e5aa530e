package io.aigw.gateway.soak;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.audit.AuditProperties;
import io.aigw.gateway.leak.LeakReports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Fault soak (issue 8 item 6): {@value #DEFAULT_REQUESTS} requests (system property
 * {@code aigw.soak.requests}), {@value #CONCURRENCY} at a time, over both protocols, streamed and not,
 * against an upstream that fails at random (resets, empty answers, malformed chunks, random bytes, 500s,
 * truncated and stalled streams, broken JSON, delays), with random client cancels. The seed is random
 * per run, printed, and named in every failure; {@code -Daigw.soak.seed=<seed>} replays a run's draws
 * (timing still varies). At the end: every request was answered in its protocol (a valid answer, an
 * error answer, or a stream ending in its end or error event) or cancelled by the client; every
 * served answer carries the label; every request that reached the gateway has exactly one audit line
 * and no other has one; the audit chain verifies; nothing logged a buffer released twice, a blocking
 * call on an event loop or a dropped error ({@link LoggedFailures}); and Netty reported no leak (here,
 * and by {@link io.aigw.gateway.leak.FailOnLeakExtension} for the class). Own context, with a breaker
 * that does not open at this failure rate and a 1 s idle timeout.
 *
 * <p>Part of the default build (about 30 s at the default size). Larger:
 * {@code mvn -B -pl filters,gateway -am test -Dtest=FaultSoakIntegrationTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Daigw.soak.requests=20000}. What it found: a leaked joined buffer in JSON answers, foreign bytes in
 * passed-through error answers and a double release of JSON answers read with {@code then()} (fixed
 * before); a stream chunk released twice when the stream was cancelled ({@code concatMap} discarding
 * an emitted scalar, reactor/reactor-core#4352), which freed the upstream connection's decoder buffer
 * under Reactor Netty and corrupted or hung other exchanges (see PipelineResponseDecoratorReleaseTest);
 * the circuit breaker's lock parking an event loop (see UpstreamBreakerConfiguration); under CPU load,
 * the same double release by {@code flatMap} when the cancel came from another thread (seed
 * 3881194555951723219, fixed by copying each chunk before the groups are flattened), and a connection
 * reset dropped to Reactor's default handler after the response timeout had cancelled the call (seed
 * 4892385974935928428, see AbandonedCallFailures).
 */
@TestPropertySource(properties = {
        "aigw.upstream.idle-timeout=1s",
        // Short, as the answer timeout below assumes; a 504 is one of the answers the soak accepts.
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=5s",
        "resilience4j.circuitbreaker.configs.default.failure-rate-threshold=100",
        "resilience4j.circuitbreaker.configs.default.sliding-window-size=100",
        "resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=100",
})
class FaultSoakIntegrationTest extends GatewayIntegrationTest {

    static final int DEFAULT_REQUESTS = 2_000;
    static final int CONCURRENCY = 32;
    private static final long SEED = Long.getLong("aigw.soak.seed", new Random().nextLong());
    private static final int REQUESTS = Integer.getInteger("aigw.soak.requests", DEFAULT_REQUESTS);
    private static final String FAULT_HEADER = "X-Soak-Fault";
    /** Far above any answer's time here (1 s idle timeout, 5 s response timeout): a call still open is a hang. */
    private static final long ANSWER_TIMEOUT_SECONDS = 20;
    private static final long AUDIT_WAIT_SECONDS = 15;

    private static final String OPENAI_JSON = """
            {"id":"chatcmpl-s","object":"chat.completion","created":1763983201,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Soak answer."},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";
    private static final String ANTHROPIC_JSON = """
            {"id":"msg_s","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"Soak answer."}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":5,"output_tokens":3}}""";
    private static final String OPENAI_ERROR = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
    private static final String ANTHROPIC_ERROR = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}";

    @Autowired
    AuditWriter auditWriter;

    @Autowired
    AuditProperties auditProperties;

    @Autowired
    ArrivedRequests arrived;

    /** Records the soak request ids that reached the gateway, before any of its filters ran. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ArrivalRecording {
        @Bean
        ArrivedRequests arrivedRequests() {
            return new ArrivedRequests();
        }
    }

    /** The soak request ids the gateway received (its first web filter saw them). Thread-safe. */
    static final class ArrivedRequests implements WebFilter, Ordered {
        private final Set<String> ids = ConcurrentHashMap.newKeySet();
        /** Per client connection (its address), the ids it carried in order: who shared a connection. */
        private final Map<String, List<String>> byConnection = new ConcurrentHashMap<>();

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            String id = exchange.getRequest().getHeaders().getFirst("X-Request-Id");
            if (id != null && id.startsWith("soak-")) {
                ids.add(id);
                byConnection.computeIfAbsent(String.valueOf(exchange.getRequest().getRemoteAddress()),
                        address -> Collections.synchronizedList(new ArrayList<>())).add(id);
            }
            return chain.filter(exchange);
        }

        Set<String> ids() {
            return Set.copyOf(ids);
        }

        /** The id that came before {@code id} on the same client connection, or null. */
        String before(String id) {
            for (List<String> sequence : byConnection.values()) {
                synchronized (sequence) {
                    int at = sequence.indexOf(id);
                    if (at >= 0) {
                        return at == 0 ? null : sequence.get(at - 1);
                    }
                }
            }
            return null;
        }
    }

    private record Call(String id, boolean anthropic, boolean stream, SoakFault fault, long cancelAfterMillis) {
    }

    private enum Ending { ANSWERED, CANCELLED }

    @Test
    void everyRequestIsAnsweredOrCancelledAuditedOnceAndNothingLeaks() throws Exception {
        System.out.println("FaultSoakIntegrationTest: seed " + SEED + ", " + REQUESTS + " requests (-Daigw.soak.seed to replay)");
        String seed = "seed " + SEED + " (-Daigw.soak.seed=" + SEED + ")";
        stubFaults();
        LeakReports.collect(); // Reports of earlier classes were judged there.
        Random random = new Random(SEED);
        List<Call> calls = new ArrayList<>(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            boolean anthropic = random.nextBoolean();
            boolean stream = random.nextBoolean();
            SoakFault fault = SoakFault.draw(random);
            long cancelAfter = random.nextInt(100) < 12 ? 5 + random.nextInt(400) : -1;
            calls.add(new Call("soak-" + SEED + "-" + i, anthropic, stream, fault, cancelAfter));
        }

        Map<String, Ending> endings = new ConcurrentHashMap<>();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        LoggedFailures logged = LoggedFailures.attach();
        List<String> loggedFailures;
        try {
            run(calls, endings, problems);
        } finally {
            loggedFailures = logged.detach();
        }
        Set<String> reached = arrived.ids();
        Map<String, Integer> lines = auditLinesOf(reached);
        Map<String, String> outcomes = outcomes();
        // An unanswered call with its audit line ended on the server: what broke is between server and client.
        // The call before on the same client connection: a connection closed under a new request was
        // decided on by the exchange before it.
        Map<String, Call> byId = new HashMap<>();
        calls.forEach(call -> byId.put(call.id(), call));
        assertThat(problems.stream().map(p -> {
            String id = p.substring(8, p.indexOf(','));
            String before = arrived.before(id);
            return p + " [audit: " + outcomes.get(id) + "; before it on its connection: "
                    + (before == null ? "none" : byId.get(before) + ", audit: " + outcomes.get(before)) + "]";
        }).toList()).as(seed).isEmpty();
        assertThat(endings).as(seed).hasSize(REQUESTS);

        List<String> audit = new ArrayList<>();
        for (Call call : calls) {
            int n = lines.getOrDefault(call.id(), 0);
            boolean gotThere = reached.contains(call.id());
            if (endings.get(call.id()) == Ending.ANSWERED && !gotThere) {
                audit.add(call + " was answered but never reached the gateway's first filter");
            }
            if (n != (gotThere ? 1 : 0)) {
                audit.add(call + " ended " + endings.get(call.id()) + (gotThere ? "" : " before reaching the gateway")
                        + " with " + n + " audit lines");
            }
        }
        assertThat(audit).as(seed).isEmpty();

        HttpResponse<String> verify = admin("/admin/audit/verify");
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(Json.parseUpstream(verify.body()).path("valid").booleanValue()).as(verify.body()).isTrue();
        assertThat(loggedFailures).as(seed + ": logged failures").isEmpty();
        assertThat(LeakReports.collect()).as(seed + ": Netty leak reports").isEmpty();
    }

    /** Sends every call, {@value #CONCURRENCY} at a time, and waits until each ended. */
    private void run(List<Call> calls, Map<String, Ending> endings, List<String> problems) throws InterruptedException {
        Semaphore slots = new Semaphore(CONCURRENCY);
        for (Call call : calls) {
            slots.acquire();
            // A call that cancels gets a client of its own. The JDK client (17.0.15) closes a connection
            // when a call's future is cancelled just after its answer completed, although the
            // connection is back in its pool by then: the next call on it, already received by the
            // gateway, fails with "header parser received no bytes" and is audited cancelled (seen about
            // once in 2,000 calls, each time after such a call on the same connection; compare
            // JDK-8336655, another pooled-connection race of that client).
            HttpClient client = call.cancelAfterMillis() >= 0 ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build() : http;
            CompletableFuture<HttpResponse<String>> future = client.sendAsync(request(call), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (call.cancelAfterMillis() >= 0) {
                CompletableFuture.delayedExecutor(call.cancelAfterMillis(), TimeUnit.MILLISECONDS).execute(() -> future.cancel(true));
            }
            // The client's request timeout ends at the response headers; this bounds the whole answer.
            future.orTimeout(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((response, failure) -> {
                try {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        if (cause instanceof CancellationException && call.cancelAfterMillis() >= 0) {
                            endings.put(call.id(), Ending.CANCELLED);
                        } else {
                            problems.add(call + ": no answer: " + cause);
                        }
                        return;
                    }
                    String problem = SoakAnswers.problem(call.anthropic(), call.stream(), response);
                    if (problem != null) {
                        problems.add(call + ": " + problem);
                    }
                    endings.put(call.id(), Ending.ANSWERED);
                } finally {
                    slots.release();
                }
            });
        }
        slots.acquire(CONCURRENCY);
    }

    private void stubFaults() {
        for (SoakFault fault : SoakFault.values()) {
            for (boolean stream : new boolean[] {false, true}) {
                String openAi = stream ? transcript("openai-stream.sse") : OPENAI_JSON;
                String anthropic = stream ? transcript("anthropic-stream.sse") : ANTHROPIC_JSON;
                UPSTREAM.stubFor(post("/v1/chat/completions").withHeader(FAULT_HEADER, equalTo(fault + "-" + stream))
                        .willReturn(fault.answer(stream, openAi, OPENAI_ERROR)));
                UPSTREAM.stubFor(post("/v1/messages").withHeader(FAULT_HEADER, equalTo(fault + "-" + stream))
                        .willReturn(fault.answer(stream, anthropic, ANTHROPIC_ERROR)));
            }
        }
    }

    private HttpRequest request(Call call) {
        String body = call.anthropic()
                ? "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":" + call.stream() + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                : "{\"model\":\"gpt-4o\",\"stream\":" + call.stream() + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gatewayUrl(call.anthropic() ? "/v1/messages" : "/v1/chat/completions")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", call.id())
                .header(FAULT_HEADER, call.fault() + "-" + call.stream())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (call.anthropic()) {
            builder.header("x-api-key", KEY);
        } else {
            builder.header("Authorization", "Bearer " + KEY);
        }
        return builder.build();
    }

    /**
     * The number of audit record lines per soak request id, once every request that reached the
     * gateway has its line (a line is queued when the server's exchange ends, which for a cancelled
     * call may come after the client gave up), or after {@value #AUDIT_WAIT_SECONDS} s.
     */
    private Map<String, Integer> auditLinesOf(Set<String> reached) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AUDIT_WAIT_SECONDS);
        Map<String, Integer> counts;
        do {
            auditWriter.flush().get(10, TimeUnit.SECONDS);
            counts = countLines();
            if (counts.keySet().containsAll(reached)) {
                return counts;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        } while (System.nanoTime() < deadline);
        return counts;
    }

    /** The audit outcome and upstream status of each soak request id with a line. */
    private Map<String, String> outcomes() {
        Map<String, String> outcomes = new HashMap<>();
        forEachSoakRecord(node -> outcomes.put(Json.stringOrNull(node, "request_id"),
                Json.stringOrNull(node, "outcome") + ", upstream " + node.path("upstream").path("status")));
        return outcomes;
    }

    private Map<String, Integer> countLines() {
        Map<String, Integer> counts = new HashMap<>();
        forEachSoakRecord(node -> counts.merge(Json.stringOrNull(node, "request_id"), 1, Integer::sum));
        return counts;
    }

    private void forEachSoakRecord(java.util.function.Consumer<JsonNode> action) {
        try (Stream<Path> files = Files.list(auditProperties.dir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode node = Json.parseUpstream(line);
                    String id = Json.stringOrNull(node, "request_id");
                    if ("record".equals(Json.stringOrNull(node, "type")) && id != null && id.startsWith("soak-")) {
                        action.accept(node);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
