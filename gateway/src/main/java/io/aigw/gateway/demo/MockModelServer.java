package io.aigw.gateway.demo;

import io.aigw.filters.json.JsonMappers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.ObjectMapper;

/**
 * An in-process mock LLM upstream speaking the OpenAI Chat Completions ({@code POST /v1/chat/completions},
 * {@code GET /v1/models}) and Anthropic Messages ({@code POST /v1/messages}) protocols, streaming or not.
 * Answers are deterministic (see {@link MockReplyComposer}); streams have {@link MockModelSettings#chunks()}
 * content deltas, each flushed as its own write after {@link MockModelSettings#chunkDelay()}.
 * A request may override both with the headers {@value #CHUNKS_HEADER} and {@value #DELAY_HEADER}.
 * Authentication headers are accepted and ignored.
 *
 * <p>Non-blocking: requests are served on the server's own Netty event loops, pauses use Reactor's
 * timers. {@link #start()} and {@link #stop()} are thread-safe, block until the socket is bound or
 * closed, and must not be called from an event loop.
 */
public final class MockModelServer {

    /** Request header overriding the number of content deltas of a streamed answer. */
    public static final String CHUNKS_HEADER = "x-mock-chunks";

    /** Request header overriding the pause before each content delta, in milliseconds. */
    public static final String DELAY_HEADER = "x-mock-delay-ms";

    /** Request bodies declaring a larger {@code Content-Length} are refused with 413. */
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private static final Duration LIFECYCLE_TIMEOUT = Duration.ofSeconds(10);
    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private final MockModelSettings settings;
    private final MockReplyComposer composer = new MockReplyComposer();
    private final OpenAiWire openAi;
    private final Dialect openAiDialect;
    private final Dialect anthropicDialect;

    private LoopResources loops;
    private DisposableServer server;

    /** A server with the given settings and the system UTC clock; call {@link #start()} to bind. */
    public MockModelServer(MockModelSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /**
     * @param settings where to bind and how to pace streams, never null
     * @param clock    source of the {@code created} timestamps, never null
     */
    public MockModelServer(MockModelSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        ObjectMapper mapper = JsonMappers.json();
        MockRequestReader reader = new MockRequestReader(mapper);
        this.openAi = new OpenAiWire(mapper, Objects.requireNonNull(clock, "clock"));
        AnthropicWire anthropic = new AnthropicWire(mapper);
        this.openAiDialect = new Dialect(reader::openAi, openAi::completion, openAi::chunks, openAi::error,
                "x-request-id");
        this.anthropicDialect = new Dialect(reader::anthropic, anthropic::message, anthropic::events,
                anthropic::error, "request-id");
    }

    /**
     * Binds the server; does nothing more if it is already started.
     *
     * @return the bound port (the ephemeral one when {@link MockModelSettings#port()} is 0)
     * @throws IllegalStateException if the port cannot be bound within 10 s
     */
    public synchronized int start() {
        if (server != null) {
            return server.port();
        }
        loops = LoopResources.create("aigw-mock", Math.max(2, Runtime.getRuntime().availableProcessors()), true);
        try {
            server = HttpServer.create()
                    .host(settings.host())
                    .port(settings.port())
                    .runOn(loops)
                    .route(routes -> routes
                            .post("/v1/chat/completions", (req, res) -> chat(req, res, openAiDialect))
                            .post("/v1/messages", (req, res) -> chat(req, res, anthropicDialect))
                            .get("/v1/models", (req, res) -> json(res, HttpResponseStatus.OK, openAi.models(),
                                    "x-request-id"))
                            .route(req -> true, this::notFound))
                    .bindNow(LIFECYCLE_TIMEOUT);
        } catch (RuntimeException e) {
            loops.dispose();
            loops = null;
            throw new IllegalStateException("Mock model server could not bind " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
        return server.port();
    }

    /** Closes the socket and the event loops; does nothing if not started. Waits up to 10 s. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.disposeNow(LIFECYCLE_TIMEOUT);
        } finally {
            // Called by the application context or a test thread, never an event loop: waiting here
            // means no mock thread outlives stop().
            loops.disposeLater().block(LIFECYCLE_TIMEOUT);
            server = null;
            loops = null;
        }
    }

    /** Whether {@link #start()} has bound the socket and {@link #stop()} has not closed it yet. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * The bound port.
     *
     * @throws IllegalStateException if the server is not started
     */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("Mock model server is not started");
        }
        return server.port();
    }

    /** The settings this server was created with. */
    public MockModelSettings settings() {
        return settings;
    }

    private Publisher<Void> chat(HttpServerRequest req, HttpServerResponse res, Dialect dialect) {
        String declaredLength = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (declaredLength != null && parseLongOrZero(declaredLength) > MAX_BODY_BYTES) {
            MockRequestException tooLarge = new MockRequestException(413, "request_too_large",
                    "Request body of " + declaredLength + " bytes exceeds " + MAX_BODY_BYTES + " bytes");
            return json(res, HttpResponseStatus.valueOf(413), dialect.error().apply(tooLarge), dialect.requestIdHeader());
        }
        return req.receive().aggregate().asByteArray()
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    try {
                        return respond(req, res, dialect, body);
                    } catch (MockRequestException e) {
                        return json(res, HttpResponseStatus.valueOf(e.status()), dialect.error().apply(e),
                                dialect.requestIdHeader());
                    }
                });
    }

    private Mono<Void> respond(HttpServerRequest req, HttpServerResponse res, Dialect dialect, byte[] body) {
        MockRequestOptions options = MockRequestOptions.from(req.requestHeaders(), settings);
        MockChatRequest chat = dialect.reader().apply(body);
        MockReply reply = composer.compose(chat, options.chunks());
        if (!chat.stream()) {
            return json(res, HttpResponseStatus.OK, dialect.body().apply(chat, reply), dialect.requestIdHeader());
        }
        Flux<ByteBuf> events = dialect.events().events(chat, reply, options.chunkDelay())
                .map(event -> Unpooled.wrappedBuffer(event.getBytes(StandardCharsets.UTF_8)));
        return res.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM)
                .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .header(dialect.requestIdHeader(), MockIds.request())
                .send(events, buf -> true) // flush every event on its own
                .then();
    }

    private Publisher<Void> notFound(HttpServerRequest req, HttpServerResponse res) {
        MockRequestException error = new MockRequestException(404, "unknown_url",
                "Invalid URL (" + req.method() + " " + req.uri() + ")");
        return req.receive().then(json(res, HttpResponseStatus.NOT_FOUND, openAi.error(error), "x-request-id"));
    }

    private static Mono<Void> json(HttpServerResponse res, HttpResponseStatus status, byte[] body,
                                   String requestIdHeader) {
        return res.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, JSON)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .header(requestIdHeader, MockIds.request())
                .sendByteArray(Mono.just(body))
                .then();
    }

    private static long parseLongOrZero(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Runs the server standalone: {@code --host=127.0.0.1 --port=9901 --chunks=12 --delay-ms=40}. */
    public static void main(String[] args) {
        MockModelSettings settings;
        try {
            settings = MockModelCommandLine.parse(args, MockModelSettings.defaults().withPort(9901));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(MockModelCommandLine.USAGE);
            System.exit(2);
            return;
        }
        MockModelServer server = new MockModelServer(settings);
        int port = server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "aigw-mock-shutdown"));
        System.out.println("aigw mock model server listening on http://" + settings.host() + ":" + port
                + " (chunks=" + settings.chunks() + ", delay=" + settings.chunkDelay().toMillis() + "ms)");
        server.bound().onDispose().block(); // the main thread waits; the event loops are daemon threads
    }

    private synchronized DisposableServer bound() {
        return server;
    }

    /** Writes a stream of complete SSE frames. */
    @FunctionalInterface
    private interface StreamWriter {
        Flux<String> events(MockChatRequest request, MockReply reply, Duration delay);
    }

    /** How one protocol reads requests and writes answers and errors. */
    private record Dialect(Function<byte[], MockChatRequest> reader,
                           BiFunction<MockChatRequest, MockReply, byte[]> body,
                           StreamWriter events,
                           Function<MockRequestException, byte[]> error,
                           String requestIdHeader) {
    }
}
