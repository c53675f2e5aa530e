package io.aigw.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.license.License;
import io.aigw.filters.license.LicenseStatus;
import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.Protocol;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
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
        ChatExchange chat = new ChatExchange(Protocol.OPENAI, product, "req-1", Protocol.OPENAI.adapter().requestCodec().decode(body));
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
