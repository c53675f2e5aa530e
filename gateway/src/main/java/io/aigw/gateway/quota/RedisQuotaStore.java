package io.aigw.gateway.quota;

import io.aigw.filters.quota.BucketState;
import io.aigw.filters.quota.QuotaAdmission;
import io.aigw.filters.quota.QuotaBucket;
import io.aigw.filters.quota.StreamSlot;
import io.aigw.filters.quota.TokenBuckets;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Quota state in Redis, shared by every replica pointed at the same server: one Lua script per decision
 * ({@code quota-admit.lua}, {@code quota-charge.lua}), so each is atomic on the server and two replicas
 * never read-then-write the same bucket. The scripts read Redis's own clock ({@code TIME}), so replicas
 * with skewed clocks agree. Keys: {@code <prefix>{<product>}...}, the product id a hash tag (one cluster
 * slot per product, as a script's keys must be).
 *
 * <p>Lettuce's reactive client over one shared connection. While Redis is unreachable commands fail
 * at once (rejected while disconnected) or after {@code timeout}; Lettuce reconnects in the background
 * (100 ms, doubling up to 2 s) and scripts lost with a restart are loaded again ({@code NOSCRIPT} falls
 * back to {@code EVAL}). Commands are sent from Reactor's bounded-elastic threads (Lettuce's write path
 * takes a lock) and results published on its parallel scheduler, never on Lettuce's I/O threads.
 */
final class RedisQuotaStore implements QuotaStore, DisposableBean {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Where commands are sent from: threads that may wait on Lettuce's write lock. */
    private static final Scheduler DISPATCH = Schedulers.boundedElastic();

    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final Duration timeout;
    private final String prefix;
    private final Script admit = Script.load("quota-admit.lua");
    private final Script charge = Script.load("quota-charge.lua");
    private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>> connection = new AtomicReference<>();

    RedisQuotaStore(QuotaProperties.Redis settings) {
        this.uri = RedisURI.create(settings.url());
        this.timeout = settings.timeout();
        this.prefix = settings.keyPrefix();
        // Connecting (handshake included) may take longer than one command; a request never waits for it
        // longer than the command timeout (run() bounds each call), the connection keeps trying meanwhile.
        this.uri.setTimeout(timeout.compareTo(CONNECT_TIMEOUT) > 0 ? timeout : CONNECT_TIMEOUT);
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        connect(null); // at start-up, off the event loop; a failure is retried by the first command
    }

    @Override
    public Mono<QuotaAdmission> admit(List<QuotaBucket> buckets, List<StreamSlot> slots) {
        String[] keys = new String[buckets.size() + slots.size()];
        List<String> args = new ArrayList<>(2 + 3 * keys.length);
        args.add(Integer.toString(buckets.size()));
        args.add(Integer.toString(slots.size()));
        for (int i = 0; i < buckets.size(); i++) {
            QuotaBucket b = buckets.get(i);
            keys[i] = key(b.key());
            args.add(Long.toString(b.capacity()));
            args.add(Long.toString(b.periodMillis()));
            args.add(Long.toString(b.admissionCost()));
        }
        for (int j = 0; j < slots.size(); j++) {
            StreamSlot s = slots.get(j);
            keys[buckets.size() + j] = key(s.key());
            args.add(Integer.toString(s.limit()));
            args.add(s.member());
            args.add(Long.toString(s.leaseMillis()));
        }
        return run(admit, keys, args).map(reply -> admission(reply, buckets));
    }

    @Override
    public Mono<Void> charge(List<QuotaBucket> buckets, long tokens) {
        List<QuotaBucket> tokenBuckets = buckets.stream().filter(b -> b.window().countsTokens()).toList();
        if (tokens <= 0 || tokenBuckets.isEmpty()) {
            return Mono.empty();
        }
        String[] keys = new String[tokenBuckets.size()];
        List<String> args = new ArrayList<>(1 + 2 * keys.length);
        args.add(Long.toString(tokens));
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(tokenBuckets.get(i).key());
            args.add(Long.toString(tokenBuckets.get(i).capacity()));
            args.add(Long.toString(tokenBuckets.get(i).periodMillis()));
        }
        return run(charge, keys, args).then();
    }

    @Override
    public Mono<Void> release(List<StreamSlot> slots) {
        if (slots.isEmpty()) {
            return Mono.empty();
        }
        return commands()
                .flatMap(redis -> Flux.fromIterable(slots).concatMap(s -> redis.zrem(key(s.key()), s.member())).then())
                .timeout(timeout);
    }

    @Override
    public String kind() {
        return "redis";
    }

    private String key(String bucketKey) {
        return prefix + bucketKey;
    }

    private static QuotaAdmission admission(List<Object> reply, List<QuotaBucket> buckets) {
        boolean admitted = ((Long) reply.get(0)) == 1L;
        int refused = ((Long) reply.get(1)).intValue();
        long wait = (Long) reply.get(2);
        List<BucketState> states = new ArrayList<>(buckets.size());
        for (int i = 0; i < buckets.size(); i++) {
            states.add(TokenBuckets.state(Double.parseDouble((String) reply.get(3 + i)), buckets.get(i)));
        }
        String deniedBy = admitted ? null
                : refused < 0 ? QuotaAdmission.CONCURRENT_STREAMS : QuotaAdmission.limitName(buckets.get(refused - 1).window());
        return new QuotaAdmission(admitted, deniedBy, admitted ? 0 : wait, states);
    }

    /** Runs {@code script} by its SHA, loading it with {@code EVAL} when the server does not have it (first use, restart). */
    private Mono<List<Object>> run(Script script, String[] keys, List<String> args) {
        String[] values = args.toArray(String[]::new);
        return commands()
                .flatMap(redis -> redis.<Object>evalsha(script.sha(), ScriptOutputType.MULTI, keys, values)
                        .collectList()
                        // Off Lettuce's I/O thread before sending anything else (see commands()).
                        .publishOn(DISPATCH)
                        .onErrorResume(RedisNoScriptException.class,
                                e -> redis.<Object>eval(script.text(), ScriptOutputType.MULTI, keys, values).collectList())
                        .map(RedisQuotaStore::reply))
                .timeout(timeout)
                .publishOn(Schedulers.parallel());
    }

    /** A script's array reply: Lettuce's reactive {@code EVAL} emits it as one list element. */
    @SuppressWarnings("unchecked")
    private static List<Object> reply(List<Object> emitted) {
        return emitted.size() == 1 && emitted.get(0) instanceof List<?> list ? (List<Object>) list : emitted;
    }

    /**
     * The commands of the shared connection, on {@link #DISPATCH}: Lettuce 7 sends a command under a
     * lock ({@code SharedLock}) that parks when contended, which must not happen on an event loop, and a
     * command sent from Lettuce's own I/O thread inside another command's completion can spin there forever.
     */
    private Mono<RedisReactiveCommands<String, String>> commands() {
        return Mono.defer(() -> {
            CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
            if (current == null || current.isCompletedExceptionally()) {
                current = connect(current);
            }
            return Mono.fromFuture(current, true).map(StatefulRedisConnection::reactive);
        }).publishOn(DISPATCH);
    }

    /** Starts a connection unless another caller replaced {@code failed} already; returns the one to use. */
    private CompletableFuture<StatefulRedisConnection<String, String>> connect(
            CompletableFuture<StatefulRedisConnection<String, String>> failed) {
        CompletableFuture<StatefulRedisConnection<String, String>> fresh =
                client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
        if (connection.compareAndSet(failed, fresh)) {
            return fresh;
        }
        fresh.thenAccept(StatefulRedisConnection::closeAsync);
        return connection.get();
    }

    @Override
    public void destroy() {
        CompletableFuture<StatefulRedisConnection<String, String>> current = connection.get();
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            current.join().close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisQuotaStore[" + uri.getHost() + ":" + uri.getPort() + ", prefix=" + prefix + "]";
    }

    /** A Lua script from this package's resources, with its SHA-1 for {@code EVALSHA}. */
    private record Script(String text, String sha) {

        static Script load(String name) {
            try (InputStream in = RedisQuotaStore.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + name);
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Script(text, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
