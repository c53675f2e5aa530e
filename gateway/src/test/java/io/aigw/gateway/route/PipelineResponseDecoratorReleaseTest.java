package io.aigw.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.ExchangeContext;
import io.aigw.filters.license.License;
import io.aigw.filters.license.LicenseStatus;
import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.ApiEndpoint;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.gateway.config.AigwProperties;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.upstream.RouteUpstreamSettings;
import io.aigw.gateway.upstream.UpstreamCallPlan;
import io.aigw.gateway.upstream.UpstreamDeadline;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Buffer ownership of a streamed answer, as Spring Cloud Gateway hands it over: each upstream chunk is
 * a retained Netty buffer, one per {@code Flux.just}, while Reactor Netty still holds (and later
 * releases) its own reference. The decorator must release each chunk exactly once, whether the stream
 * ends, fails or the client goes away, and with the bounded demand of a real connection (which is
 * what made {@code concatMap} take its scalar shortcut). A second release frees the upstream
 * connection's decoder buffer under Reactor Netty's feet (logged as {@code IllegalReferenceCountException}
 * from {@code HttpClientCodec}); a missing one is a leak.
 */
class PipelineResponseDecoratorReleaseTest {

    private static final String FIRST = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n";
    private static final int RACE_ROUNDS = 2_000;
    private static final Duration RACE_TIME = Duration.ofSeconds(3);
    private static final String NOT_JSON = "data: {oops\n\n";

    private final NettyDataBufferFactory factory = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);
    private final List<ByteBuf> upstream = new ArrayList<>();
    private final List<String> written = new ArrayList<>();
    /** How many chunks the client reads before it stops asking for more. */
    private int chunksRead = Integer.MAX_VALUE;

    @AfterEach
    void dropReactorNettysReferences() {
        for (ByteBuf buffer : upstream) {
            if (buffer.refCnt() > 0) {
                buffer.release(buffer.refCnt());
            }
        }
    }

    @Test
    void aChunkThatFailsTheStreamIsReleasedOnce() {
        decorator().writeAndFlushWith(chunks(FIRST, NOT_JSON)).onErrorComplete().block(Duration.ofSeconds(5));

        assertThat(written).hasSize(2);
        assertThat(written.get(1)).as("the error event").contains("\"error\"");
        assertEveryChunkReleasedOnce();
    }

    @Test
    void chunksAreReleasedOnceWhenTheClientGoesAwayMidStream() {
        chunksRead = 1;
        decorator().writeAndFlushWith(chunks(FIRST, FIRST, FIRST, FIRST)).subscribe();

        assertThat(written).as("the client went away while the first chunk was written").hasSize(1);
        assertEveryChunkReleasedOnce();
    }

    /**
     * The client's connection (or the answer's idle timer) cancels on its own thread while the upstream
     * connection's event loop hands chunks over. Reactor's {@code flatMap} (like {@code concatMap},
     * reactor/reactor-core#4352) can discard a value it has just emitted when a cancel from another
     * thread lands between two steps of its emission, and a discard hook then released that chunk a
     * second time: Reactor Netty's own reference, which it releases after handing the chunk on (soak
     * seed 3881194555951723219: {@code IllegalReferenceCountException} in {@code FluxReceive}). The
     * window is a few instructions wide, so the race is run many times, the cancel at another moment
     * each time (before the fix, about one round in 30 released a chunk twice).
     */
    @Test
    void chunksAreReleasedOnceWhenTheClientGoesAwayOnAnotherThread() throws Exception {
        long until = System.nanoTime() + RACE_TIME.toNanos();
        int rounds = 0;
        try (CancellingThread client = new CancellingThread()) {
            client.start();
            while (rounds < RACE_ROUNDS && System.nanoTime() < until) {
                raceOnce(client, rounds % 16);
                assertThat(upstream).extracting(ByteBuf::refCnt).as("reference counts after round %d", rounds)
                        .allMatch(count -> count == 1);
                dropReactorNettysReferences();
                upstream.clear();
                rounds++;
            }
        }
        assertThat(rounds).as("rounds run").isPositive();
        System.out.println("PipelineResponseDecoratorReleaseTest: " + rounds + " cancel races, each chunk released once");
    }

    /**
     * One stream, flattened as the decorator flattens what Spring Cloud Gateway hands over, under the
     * discard hook that the decorator and Spring's {@code writeWith} install; its client cancels
     * {@code spins} spins after it started reading, while chunks keep arriving.
     */
    private void raceOnce(CancellingThread client, int spins) {
        long cancelledBefore = client.cancelled();
        UpstreamConnection connection = new UpstreamConnection();
        PipelineResponseDecorator.bytesOfGroups(Flux.from(connection).map(Flux::just))
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                .subscribe(new BaseSubscriber<byte[]>() {
                    @Override
                    protected void hookOnSubscribe(Subscription subscription) {
                        subscription.request(Long.MAX_VALUE);
                        client.cancelSoon(subscription, spins);
                    }
                });
        // Chunks made beforehand: handing one over is then little more than the emission whose end the
        // cancel has to meet.
        List<ByteBuf> ready = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            ready.add(UnpooledByteBufAllocator.DEFAULT.buffer(1).writeByte('x'));
        }
        long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int next = 0;
        while (client.cancelled() == cancelledBefore && System.nanoTime() < giveUp) {
            if (next < ready.size() && connection.deliver(ready.get(next))) {
                next++;
            }
        }
        ready.subList(next, ready.size()).forEach(ByteBuf::release);
        assertThat(client.cancelled()).as("the client went away").isGreaterThan(cancelledBefore);
    }

    /**
     * The upstream body as Reactor Netty hands it to Spring Cloud Gateway: each chunk passed on, on the
     * connection's thread, with a reference of its own for the receiver (NettyWriteResponseFilter's
     * {@code retain()}), as long as the receiver asks for more and has not cancelled; Reactor Netty's
     * own reference stays with {@link #upstream}.
     */
    private final class UpstreamConnection implements Publisher<DataBuffer>, Subscription {
        private final AtomicLong requested = new AtomicLong();
        private volatile Subscriber<? super DataBuffer> receiver;
        private volatile boolean cancelled;

        @Override
        public void subscribe(Subscriber<? super DataBuffer> subscriber) {
            receiver = subscriber;
            subscriber.onSubscribe(this);
        }

        /**
         * Hands {@code buffer} over as the next chunk (or keeps it, once the receiver cancelled); false
         * when the receiver asked for nothing more yet.
         */
        boolean deliver(ByteBuf buffer) {
            if (cancelled) {
                buffer.release();
                return true;
            }
            if (requested.get() == 0) {
                return false;
            }
            requested.decrementAndGet();
            upstream.add(buffer);
            receiver.onNext(factory.wrap(buffer.retain()));
            return true;
        }

        @Override
        public void request(long n) {
            requested.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** A client connection's event loop: cancels each write it is handed after spinning a given number of times. */
    private static final class CancellingThread extends Thread implements AutoCloseable {
        private final AtomicReference<Subscription> next = new AtomicReference<>();
        private volatile int spins;
        private volatile boolean stopped;
        private final AtomicLong cancelled = new AtomicLong();

        CancellingThread() {
            super("client-loop");
            setDaemon(true);
        }

        /** How many writes it has cancelled (each cancel returned). */
        long cancelled() {
            return cancelled.get();
        }

        void cancelSoon(Subscription write, int spinsFirst) {
            spins = spinsFirst;
            next.set(write);
        }

        @Override
        public void run() {
            while (!stopped) {
                Subscription write = next.getAndSet(null);
                if (write == null) {
                    Thread.onSpinWait();
                    continue;
                }
                for (int i = 0; i < spins; i++) {
                    Thread.onSpinWait();
                }
                write.cancel();
                cancelled.incrementAndGet();
            }
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            join(5_000);
        }
    }

    /** Each upstream chunk has exactly Reactor Netty's reference left: none taken twice, none kept. */
    private void assertEveryChunkReleasedOnce() {
        assertThat(upstream).extracting(ByteBuf::refCnt).as("reference counts").containsOnly(1);
    }

    /** Chunks as NettyWriteResponseFilter hands a stream over: retained buffers, each in a Flux.just. */
    private Flux<Flux<DataBuffer>> chunks(String... texts) {
        List<DataBuffer> buffers = new ArrayList<>();
        for (String text : texts) {
            ByteBuf buffer = UnpooledByteBufAllocator.DEFAULT.buffer().writeBytes(text.getBytes(StandardCharsets.UTF_8));
            upstream.add(buffer);
            buffers.add(factory.wrap(buffer.retain()));
        }
        return Flux.fromIterable(buffers).map(Flux::just);
    }

    private PipelineResponseDecorator decorator() {
        MockServerHttpResponse response = new OneChunkAtATimeResponse();
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
        AigwProperties properties = new AigwProperties(
                new AigwProperties.Limits(DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), DataSize.ofMegabytes(1), 10_000, 20_000),
                new AigwProperties.Upstream(Duration.ofSeconds(5)), null);
        UpstreamCallPlan plan = new UpstreamCallPlan("openai-chat",
                new RouteUpstreamSettings(Duration.ofSeconds(5), Duration.ZERO, 0, List.of()),
                UpstreamDeadline.startingNow(Duration.ZERO, System::nanoTime));
        return new PipelineResponseDecorator(response, chat(), properties, plan);
    }

    private static ChatExchange chat() {
        Product product = new Product("acme", "Acme", "Acme Ltd", "001191110102MAD55U9H0F10002", List.of(), null,
                new License(LicenseStatus.LICENSED, "N-1", LocalDate.parse("2026-01-01"), null, List.of("*")), null);
        byte[] body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        ChatRequest request = ProtocolAdapters.of(Protocol.OPENAI).requestCodec().decode(body);
        ChatExchange chat = new ChatExchange(new ExchangeContext("req-1", product, "chat", Protocol.OPENAI, ApiEndpoint.CHAT,
                request.model(), request.stream()), request);
        chat.recordAnswer(false);
        return chat;
    }

    /**
     * Writes as a client connection does: asks for one chunk at a time, and for the next once it
     * wrote one, up to {@link #chunksRead}; then it goes away (cancels) while that chunk is written.
     */
    private final class OneChunkAtATimeResponse extends MockServerHttpResponse {

        OneChunkAtATimeResponse() {
            super(factory);
        }

        /** Streams are written as one publisher (what Reactor Netty flushes as it goes). */
        @Override
        protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
            return Mono.create(sink -> Flux.from(body).subscribe(new BaseSubscriber<DataBuffer>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    subscription.request(1);
                }

                @Override
                protected void hookOnNext(DataBuffer chunk) {
                    written.add(chunk.toString(StandardCharsets.UTF_8));
                    DataBufferUtils.release(chunk);
                    if (written.size() < chunksRead) {
                        request(1);
                    } else {
                        cancel();
                    }
                }

                @Override
                protected void hookOnComplete() {
                    sink.success();
                }

                @Override
                protected void hookOnError(Throwable failure) {
                    sink.error(failure);
                }
            }));
        }

        @Override
        protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return writeWithInternal(Flux.from(body).concatMap(Flux::from));
        }
    }
}
