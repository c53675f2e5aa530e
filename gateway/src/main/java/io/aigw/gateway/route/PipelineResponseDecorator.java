package io.aigw.gateway.route;

import io.aigw.filters.pipeline.JsonResponseProcessor;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.pipeline.StreamResponseProcessor;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolAdapter;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.gateway.config.AigwProperties;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.exchange.ResponseHeadersContributor;
import io.aigw.gateway.upstream.UpstreamCallPlan;
import java.util.List;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one response decorator of a chat route: parses the upstream answer once, runs it through the
 * exchange's response stages and encodes it once.
 *
 * <ul>
 *   <li>Streams ({@code text/event-stream}) are processed chunk by chunk and every output chunk is
 *       flushed at once; only an unfinished event is kept between chunks (bounded by
 *       {@code aigw.limits.max-event-bytes}). A failure after the first byte ends the stream with the
 *       protocol's error event; silence longer than the route's idle timeout, or passing its total
 *       deadline ({@link UpstreamCallPlan#guardAnswer}), is such a failure.</li>
 *   <li>JSON answers are buffered up to {@code aigw.limits.max-response-bytes} under the same
 *       timeouts (504 when one passes), processed, and sent with their new length.</li>
 *   <li>Error answers from the upstream (non-2xx) and answers on routes without stages pass through
 *       untouched, under the same timeouts (504 if nothing was sent yet, else the answer ends cut short).</li>
 *   <li>Stages that implement {@link ResponseHeadersContributor} set response headers just before
 *       they commit.</li>
 * </ul>
 * Every upstream buffer is released once, on success, error and cancel.
 */
final class PipelineResponseDecorator extends ServerHttpResponseDecorator {

    private final ChatExchange chat;
    private final AigwProperties properties;
    private final UpstreamCallPlan plan;

    PipelineResponseDecorator(ServerHttpResponse delegate, ChatExchange chat, AigwProperties properties, UpstreamCallPlan plan) {
        super(delegate);
        this.chat = chat;
        this.properties = properties;
        this.plan = plan;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        if (!isSuccess()) {
            return super.writeWith(Flux.from(body).transform(plan::guardAnswer));
        }
        if (isEventStream()) {
            getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
            return super.writeAndFlushWith(processStream(Flux.from(body)).map(Flux::just));
        }
        List<ResponseStage> stages = chat.newResponseStages();
        if (stages.isEmpty()) {
            return super.writeWith(Flux.from(body).transform(plan::guardAnswer));
        }
        return super.writeWith(processJson(Flux.from(body), stages));
    }

    /** Lets stages that contribute headers set them; see {@link ResponseHeadersContributor}. */
    private void contributeHeaders(List<ResponseStage> stages, boolean streaming) {
        for (ResponseStage stage : stages) {
            if (stage instanceof ResponseHeadersContributor contributor) {
                contributor.contributeHeaders(getHeaders(), streaming);
            }
        }
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        if (!isSuccess() || !isEventStream()) {
            return super.writeAndFlushWith(body);
        }
        getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        Flux<DataBuffer> chunks = Flux.from(body).concatMap(Flux::from);
        return super.writeAndFlushWith(processStream(chunks).map(Flux::just));
    }

    private Flux<DataBuffer> processStream(Flux<? extends DataBuffer> upstream) {
        ProtocolAdapter adapter = chat.protocol().adapter();
        List<ResponseStage> stages = chat.newResponseStages();
        contributeHeaders(stages, true);
        StreamResponseProcessor processor = new StreamResponseProcessor(
                adapter.newStreamTranslator(), stages, (int) properties.limits().maxEventBytes().toBytes());
        Flux<byte[]> out = upstream
                .transform(plan::guardAnswer)
                .map(buffer -> {
                    try {
                        byte[] bytes = bytesOf(buffer);
                        return processor.onBytes(bytes, 0, bytes.length);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .concatWith(Mono.fromCallable(processor::onComplete))
                .onErrorResume(error -> {
                    ProtocolException failure = UpstreamFailures.classify(error);
                    return Mono.just(processor.onError(failure.kind(), failure.getMessage()));
                });
        return out.filter(bytes -> bytes.length > 0)
                .map(bytes -> bufferFactory().wrap(bytes))
                // The client went away mid-stream: the exchange may still end "complete" on the server side.
                .doOnCancel(chat::recordCancelled)
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    private Mono<DataBuffer> processJson(Flux<? extends DataBuffer> upstream, List<ResponseStage> stages) {
        JsonResponseProcessor processor = new JsonResponseProcessor(chat.protocol().adapter().jsonTranslator(), stages);
        int max = (int) Math.min(properties.limits().maxResponseBytes().toBytes(), Integer.MAX_VALUE);
        return DataBufferUtils.join(upstream.transform(plan::guardAnswer), max)
                .map(buffer -> {
                    try {
                        return processor.process(bytesOf(buffer));
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .map(bytes -> {
                    contributeHeaders(stages, false);
                    getHeaders().setContentLength(bytes.length);
                    return bufferFactory().wrap(bytes);
                })
                .onErrorMap(DataBufferLimitException.class, e -> new ProtocolException(
                        ErrorKind.UPSTREAM_PROTOCOL, "the upstream answer exceeds " + max + " bytes"));
    }

    private static byte[] bytesOf(DataBuffer buffer) {
        byte[] bytes = new byte[buffer.readableByteCount()];
        buffer.read(bytes);
        return bytes;
    }

    private boolean isSuccess() {
        HttpStatusCode status = getStatusCode();
        return status == null || status.is2xxSuccessful();
    }

    private boolean isEventStream() {
        MediaType type = getHeaders().getContentType();
        return type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
    }
}
