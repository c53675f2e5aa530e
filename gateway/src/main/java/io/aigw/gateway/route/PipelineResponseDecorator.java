package io.aigw.gateway.route;

import io.aigw.filters.pipeline.HeaderSink;
import io.aigw.filters.pipeline.JsonResponseProcessor;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.pipeline.StreamResponseProcessor;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.bridge.ProtocolBridge;
import io.aigw.gateway.config.AigwProperties;
import io.aigw.gateway.exchange.AnswerDelivery;
import io.aigw.gateway.exchange.AnswerGate;
import io.aigw.gateway.exchange.Buffers;
import io.aigw.gateway.exchange.ChatExchange;
import io.aigw.gateway.upstream.UpstreamCallPlan;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.Fuseable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;

/**
 * The one response decorator of a chat route: parses the upstream answer once, runs it through the
 * exchange's response stages and encodes it once.
 *
 * <ul>
 *   <li>Streams ({@code text/event-stream}) are processed chunk by chunk and every output chunk is
 *       flushed at once; only an unfinished event is kept between chunks (bounded by
 *       {@code aigw.limits.max-event-bytes}). A failure before the first byte is answered as 502/504; after
 *       it, it ends the stream with the protocol's error event. Silence longer than the route's idle
 *       timeout, or passing its total deadline ({@link UpstreamCallPlan#guardAnswer}), is a failure, and
 *       so is a stream that ends without its protocol's end event (never presented as a complete answer).</li>
 *   <li>A successful answer whose {@code Content-Type} is not what the client asked for (see
 *       {@link UpstreamContentType}) is refused with 502, unread.</li>
 *   <li>JSON answers are buffered up to {@code aigw.limits.max-response-bytes} under the same
 *       timeouts (504 when one passes), processed, and sent with their new length.</li>
 *   <li>Stages that are {@link AnswerGate}s (external moderation) hold the processed answer back until
 *       their asynchronous verdict allows it; a refusal fails the answer like an upstream failure. Each
 *       processor output is sealed with a mark ({@link AnswerDelivery}), and what the stages recorded
 *       about it (text, labels, receipt) counts as delivered only once every gate released it.</li>
 *   <li>An answer that fails before its first byte goes out without the headers its stages set.</li>
 *   <li>Error answers from the upstream (non-2xx) and answers on routes without stages pass through
 *       untouched, under the same timeouts (504 if nothing was sent yet, else the answer ends cut short).</li>
 *   <li>On a route whose upstream speaks another protocol ({@link ProtocolBridge}), answers are decoded
 *       with the upstream protocol's translators and reach the stages and the client in the client's
 *       protocol, stages or not; an upstream error answer is read (bounded as JSON answers are) and
 *       rewritten in the client's error shape.</li>
 *   <li>The stream/JSON decision is taken here once, from the upstream's content type; the processors
 *       pass it to every stage ({@link ResponseStage#onStart}) with the response headers as their
 *       {@link HeaderSink}, still writable: a stream's before its first byte, a JSON answer's until
 *       it is processed.</li>
 * </ul>
 * The answer's last bytes (a JSON answer whole, a stream's end event and what follows it, a stream's
 * error event, an error answer passed through) go out only once the exchange's audit line is durable
 * ({@link ChatExchange#commitAudit()}); when it cannot be written, a JSON answer becomes 503
 * {@code audit_unavailable} and a stream ends with an error event instead of its end event.
 * Every upstream buffer is released once, on success, error and cancel.
 */
final class PipelineResponseDecorator extends ServerHttpResponseDecorator {

    private final ChatExchange chat;
    private final AigwProperties properties;
    private final UpstreamCallPlan plan;
    private final ProtocolBridge bridge;
    private final Sinks.Empty<Void> endedAfterUpstreamFailure = Sinks.empty();
    private volatile boolean upstreamFailedMidStream;
    /** Names of the response headers the stages set (a handful). */
    private final Set<String> stageHeaders = ConcurrentHashMap.newKeySet();

    /** A decorator for a route whose upstream speaks the client's protocol. */
    PipelineResponseDecorator(ServerHttpResponse delegate, ChatExchange chat, AigwProperties properties, UpstreamCallPlan plan) {
        this(delegate, chat, properties, plan, ProtocolBridge.of(chat.protocol(), chat.protocol()));
    }

    PipelineResponseDecorator(ServerHttpResponse delegate, ChatExchange chat, AigwProperties properties, UpstreamCallPlan plan,
            ProtocolBridge bridge) {
        super(delegate);
        this.bridge = bridge;
        this.chat = chat;
        this.properties = properties;
        this.plan = plan;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        if (!isSuccess()) {
            return afterAuditCommit(body, () -> super.writeWith(bridge.crosses()
                    ? translatedError(bytesOf(body)) : copied(bytesOf(body))));
        }
        Optional<ProtocolException> mismatch = UpstreamContentType.mismatch(getHeaders().getContentType(), chat.request().stream());
        if (mismatch.isPresent()) {
            return refuse(body, mismatch.get());
        }
        if (isEventStream()) {
            getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
            return writeStream(processStream(bytesOf(body)));
        }
        List<ResponseStage> stages = chat.newResponseStages();
        if (stages.isEmpty() && !bridge.crosses()) {
            return afterAuditCommit(body, () -> super.writeWith(Flux.from(body).transform(plan::guardAnswer)));
        }
        return super.writeWith(processJson(bytesOf(body), stages));
    }

    /**
     * An answer passed through unread (an upstream error answer, a route without stages): its audit
     * line is committed before its first byte, since nothing in it changes the line. When the line
     * cannot be written the body is released unread and the failure answered instead.
     */
    private Mono<Void> afterAuditCommit(Publisher<?> body, java.util.function.Supplier<Mono<Void>> write) {
        return chat.commitAudit()
                .onErrorResume(ProtocolException.class, unavailable -> refuse(body, unavailable))
                .then(Mono.defer(write));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        if (!isSuccess()) {
            return afterAuditCommit(body, () -> super.writeAndFlushWith((bridge.crosses()
                    ? translatedError(bytesOfGroups(body)).flux() : copied(bytesOfGroups(body))).map(Flux::just)));
        }
        Optional<ProtocolException> mismatch = UpstreamContentType.mismatch(getHeaders().getContentType(), chat.request().stream());
        if (mismatch.isPresent()) {
            return refuse(bytesOfGroups(body), mismatch.get());
        }
        if (!isEventStream()) {
            return afterAuditCommit(body, () -> super.writeAndFlushWith(body));
        }
        getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        return writeStream(processStream(bytesOfGroups(body)));
    }

    /**
     * Completes once a stream whose upstream failed after the first byte has been written whole, its
     * error event included; never completes otherwise. Spring Cloud Gateway's NettyWriteResponseFilter
     * waits, after the answer is written, for the upstream response's trailers; an upstream connection
     * that broke mid-answer (reset) never delivers them, so the exchange would never end. The protocol
     * filter ends the exchange on this signal instead (which also disposes the broken connection).
     */
    Mono<Void> endedAfterUpstreamFailure() {
        return endedAfterUpstreamFailure.asMono();
    }

    /**
     * Writes the processed stream as one publisher: Reactor Netty flushes whenever it has written all it
     * was given so far, so each chunk still leaves at once (StreamingFlushIntegrationTest), without the
     * cost of a write-and-flush subscription per chunk that {@code writeAndFlushWith} groups take.
     */
    private Mono<Void> writeStream(Flux<DataBuffer> processed) {
        // doFinally, not doOnSuccess: the write's completion must reach the filters above first, so that
        // ending the exchange cancels only their wait for the trailers, not the finished write.
        return super.writeWith(processed).doFinally(signal -> {
            if (signal == SignalType.ON_COMPLETE && upstreamFailedMidStream) {
                endedAfterUpstreamFailure.tryEmitEmpty();
            }
        });
    }

    /**
     * The bytes of the upstream chunks of a body handed over in groups, in order. Spring Cloud Gateway
     * hands a stream over with each chunk in its own {@code Flux.just}: such a chunk is taken out,
     * copied and released before the groups are flattened, so the flattening operator never holds an
     * upstream buffer. Both {@code concatMap} (reactor/reactor-core#4352) and {@code flatMap} can
     * discard a value they already emitted when a cancel arrives (for {@code flatMap}, from another
     * thread, the client's connection or the answer's timer, landing between two steps of its
     * emission), and a discard hook then released the chunk a second time: Reactor Netty's own
     * reference, freeing the upstream connection's decoder buffer while it was in use (soak seed
     * 3881194555951723219, PipelineResponseDecoratorReleaseTest). A discarded copy is only garbage.
     */
    static Flux<byte[]> bytesOfGroups(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return Flux.from(body).flatMap(PipelineResponseDecorator::bytesOfGroup, 1);
    }

    /** The bytes of one group's chunks: at once for a single chunk, else as they come ({@link #bytesOf}). */
    private static Publisher<byte[]> bytesOfGroup(Publisher<? extends DataBuffer> group) {
        if (group instanceof Fuseable.ScalarCallable<?> single) {
            Object chunk;
            try {
                chunk = single.call();
            } catch (Exception e) {
                return Mono.error(e);
            }
            return chunk == null ? Mono.empty() : Mono.just(Buffers.take((DataBuffer) chunk));
        }
        return bytesOf(group);
    }

    /**
     * The bytes of each upstream chunk, copied and released as it arrives, so that no operator after
     * this one holds an upstream buffer. A chunk never handed over (cancelled before it was emitted)
     * stays its publisher's to release (Reactor discards it, and the discard hooks release it).
     */
    private static Flux<byte[]> bytesOf(Publisher<? extends DataBuffer> chunks) {
        return Flux.from(chunks).map(Buffers::take);
    }

    /**
     * An upstream error answer, passed on unchanged but as copies ({@link #bytesOf}): handing the
     * upstream's pooled buffers through (zero-copy) let the fault soak test see other exchanges' bytes
     * in error answers (FaultSoakIntegrationTest, STATUS_500). A body that stalls past the idle timeout
     * or the total deadline fails as a stream's does, instead of hanging the exchange.
     */
    private Flux<DataBuffer> copied(Flux<byte[]> body) {
        return body.transform(plan::guardAnswer).map(bytes -> bufferFactory().wrap(bytes))
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    /**
     * An upstream error answer rewritten in the client's protocol ({@link ProtocolBridge#errorAnswer}):
     * read whole within {@code aigw.limits.max-response-bytes} (each chunk copied and released as it
     * arrives), under the same timeouts as any answer, then sent with its new status and length.
     */
    private Mono<DataBuffer> translatedError(Flux<byte[]> body) {
        int max = (int) Math.min(properties.limits().maxResponseBytes().toBytes(), Integer.MAX_VALUE);
        return body.transform(plan::guardAnswer)
                .reduce(new BoundedBytes(max), (answer, bytes) -> {
                    answer.append(bytes);
                    return answer;
                })
                .map(answer -> {
                    HttpStatusCode status = getStatusCode();
                    ProtocolBridge.ErrorAnswer error = bridge.errorAnswer(status == null ? 502 : status.value(), answer.toByteArray());
                    setStatusCode(HttpStatusCode.valueOf(error.status()));
                    getHeaders().setContentType(MediaType.APPLICATION_JSON);
                    getHeaders().setContentLength(error.body().length);
                    return bufferFactory().wrap(error.body());
                });
    }

    /**
     * Answers {@code mismatch} (the protocol filter turns the error into 502) after cancelling the
     * upstream body, which releases what it holds and closes the connection: nothing of it is read.
     */
    private <T> Mono<T> refuse(Publisher<?> body, ProtocolException mismatch) {
        Flux.from(body).subscribe(new BaseSubscriber<Object>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.cancel();
            }

            @Override
            protected void hookOnNext(Object chunk) {
                if (chunk instanceof DataBuffer buffer) {
                    DataBufferUtils.release(buffer);
                }
            }
        });
        return Mono.error(mismatch);
    }

    /**
     * The processed stream. A failure before any byte went out (a first event over the size cap, not
     * JSON, not UTF-8; a stream that ends without an end event before anything was sent) propagates as
     * an error, which the protocol filter answers as 502/504: nothing is committed yet. After the first
     * byte, a failure, including a stream that ends without its end event, ends the stream with the
     * protocol's error event instead, and is recorded on the exchange ({@link ChatExchange#recordError}).
     */
    private Flux<DataBuffer> processStream(Flux<byte[]> upstream) {
        List<ResponseStage> stages = chat.newResponseStages();
        StreamResponseProcessor processor = new StreamResponseProcessor(bridge.newStreamTranslator(), stages,
                (int) properties.limits().maxEventBytes().toBytes(), headerSink());
        AtomicBoolean sentAny = new AtomicBoolean();
        AtomicBoolean auditCommitted = new AtomicBoolean();
        AnswerDelivery delivery = chat.delivery();
        Flux<byte[]> out = upstream
                .transform(plan::guardAnswer)
                // The processor is not thread-safe, and a gate's refusal (below, onError) arrives on the
                // gate's thread while the upstream's thread may still run a chunk through the stages (they
                // work ahead while a verdict is pending): each use holds the processor's monitor, uncontended
                // but for that moment, and held only while one chunk is processed (no I/O, nothing downstream).
                .map(bytes -> {
                    synchronized (processor) {
                        return new Output(processor.onBytes(bytes, 0, bytes.length), delivery.seal(), processor.ended());
                    }
                })
                .concatWith(Mono.fromCallable(() -> {
                    synchronized (processor) {
                        return new Output(processor.onUpstreamEnd(), delivery.seal(), true);
                    }
                }))
                .transform(outputs -> gated(outputs, AnswerGate.in(stages)))
                // The end event waits for the exchange's audit line to be durable; what came before it does not.
                .concatMap(output -> output.last() && auditCommitted.compareAndSet(false, true)
                        ? chat.commitAudit().thenReturn(output.bytes())
                        : Mono.just(output.bytes()))
                .filter(bytes -> bytes.length > 0)
                .doOnNext(bytes -> sentAny.set(true))
                .onErrorResume(error -> {
                    ProtocolException failure = UpstreamFailures.classify(error);
                    if (!sentAny.get()) {
                        withdrawStageHeaders();
                        return Mono.error(failure);
                    }
                    upstreamFailedMidStream = true;
                    // For the audit: this stream is an error, not a served answer.
                    HttpStatusCode sent = getStatusCode();
                    chat.facts().recordError(failure, sent == null ? 200 : sent.value());
                    byte[] errorEvent;
                    synchronized (processor) {
                        errorEvent = processor.onError(failure.kind(), failure.getMessage());
                    }
                    // The error event ends the answer: its line first, when it can be written.
                    return chat.commitAudit().onErrorResume(e -> Mono.empty()).thenReturn(errorEvent);
                });
        return out.filter(bytes -> bytes.length > 0)
                .map(bytes -> bufferFactory().wrap(bytes))
                // The client went away mid-stream: the exchange may still end "complete" on the server side.
                .doOnCancel(chat.facts()::recordCancelled)
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    /**
     * Buffers the answer's bytes (each upstream chunk copied and released as it arrives, {@link #bytesOf}:
     * no joined composite buffer whose parts a concurrent cancel could release a second time), then
     * processes it. Silence past the idle timeout, or passing the total deadline, is a failure (504), as
     * for streams.
     */
    private Mono<DataBuffer> processJson(Flux<byte[]> upstream, List<ResponseStage> stages) {
        JsonResponseProcessor processor = new JsonResponseProcessor(bridge.jsonTranslator(), stages,
                headerSink());
        int max = (int) Math.min(properties.limits().maxResponseBytes().toBytes(), Integer.MAX_VALUE);
        return upstream
                .transform(plan::guardAnswer)
                .reduce(new BoundedBytes(max), (answer, bytes) -> {
                    answer.append(bytes);
                    return answer;
                })
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                .map(answer -> new Output(processor.process(answer.toByteArray()), chat.delivery().seal(), true))
                .transform(outputs -> gated(outputs.flux(), AnswerGate.in(stages)).next())
                // The whole answer waits for the exchange's audit line to be durable.
                .flatMap(output -> chat.commitAudit().thenReturn(output.bytes()))
                .map(bytes -> {
                    getHeaders().setContentLength(bytes.length);
                    return bufferFactory().wrap(bytes);
                })
                .doOnError(e -> withdrawStageHeaders())
                .onErrorMap(DataBufferLimitException.class, e -> new ProtocolException(
                        ErrorKind.UPSTREAM_PROTOCOL, "the upstream answer exceeds " + max + " bytes"));
    }

    /**
     * The outputs held back by the answer gates among the stages until they allow them (none: as they
     * are). What the stages recorded about the outputs every gate released is recorded then
     * ({@link AnswerDelivery#released}); of outputs a gate dropped, never.
     */
    private Flux<Output> gated(Flux<Output> outputs, List<AnswerGate> gates) {
        if (gates.isEmpty()) {
            return outputs;
        }
        return outputs.concatMap(output -> AnswerGate.offerAll(gates, new AnswerGate.Piece(output.bytes(), output.mark()), output.last())
                .map(released -> {
                    chat.delivery().released(released.upTo());
                    return new Output(released.bytes(), released.upTo(), output.last());
                }));
    }

    /**
     * Bytes to send, the mark of the processor output they come from ({@link AnswerDelivery#seal}: after
     * the gates, the mark up to which they release), and whether they follow the end event (the end of the answer).
     */
    private record Output(byte[] bytes, long mark, boolean last) {
    }

    /**
     * The response headers as the stages' sink: set before the response commits (see {@link HeaderSink}).
     * The names set are kept, to be withdrawn when the answer they describe does not go out.
     */
    private HeaderSink headerSink() {
        HttpHeaders headers = getHeaders();
        return (name, value) -> {
            headers.set(name, value);
            stageHeaders.add(name);
        };
    }

    /**
     * The answer failed before its first byte (a gate refused it, the upstream failed): the headers its
     * stages set (labels, receipt) describe an answer the client never gets, not the error answered instead.
     */
    private void withdrawStageHeaders() {
        if (!isCommitted()) {
            stageHeaders.forEach(getHeaders()::remove);
        }
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
