package io.aigw.filters.pipeline;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.StreamTranslator;
import io.aigw.filters.sse.SseEvent;
import io.aigw.filters.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one streamed answer through the pipeline: upstream bytes in, client bytes out, chunk by chunk.
 * Only the unfinished tail of an event is kept between chunks (capped by the parser); stages decide
 * what else is held. Unchanged events are written back as the exact bytes received. Not
 * thread-safe: one instance per stream, fed in order.
 */
public final class StreamResponseProcessor {

    private final SseParser parser;
    private final StreamTranslator translator;
    private final ResponsePipeline pipeline;
    private final List<SseEvent> parsed = new ArrayList<>();
    private final List<ChatEvent> decoded = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private boolean ended;

    /** Whether the end event went through: what was returned since is the end of the answer. */
    public boolean ended() {
        return ended;
    }

    /**
     * Starts the stages ({@link ResponseStage#onStart} with {@code streaming} true): the headers they
     * set through {@code headers} must go out before the first byte this processor returns.
     */
    public StreamResponseProcessor(StreamTranslator translator, List<ResponseStage> stages, int maxEventBytes,
            HeaderSink headers) {
        this.parser = new SseParser(maxEventBytes);
        this.translator = translator;
        this.pipeline = ResponsePipeline.of(stages, this::emit);
        stages.forEach(stage -> stage.onStart(true, headers));
    }

    /** A processor whose stages set no headers. */
    public StreamResponseProcessor(StreamTranslator translator, List<ResponseStage> stages, int maxEventBytes) {
        this(translator, stages, maxEventBytes, HeaderSink.NONE);
    }

    /**
     * Feeds the next upstream chunk and returns the bytes to send now (possibly none).
     *
     * @throws io.aigw.filters.protocol.ProtocolException when the upstream sends invalid event data
     * @throws io.aigw.filters.sse.SseLimitExceededException when an event exceeds the cap
     */
    public byte[] onBytes(byte[] chunk, int offset, int length) {
        parser.feed(chunk, offset, length, parsed);
        for (SseEvent event : parsed) {
            translator.decode(event, decoded);
            for (ChatEvent e : decoded) {
                if (e.end()) {
                    ended = true;
                }
                pipeline.push(e);
            }
            decoded.clear();
        }
        parsed.clear();
        return drain();
    }

    /**
     * The upstream ended, and only a stream that ended with its end event counts as complete: returns
     * the last bytes to send (those of an unterminated last event as they came), or throws when the end
     * event never came, so that the caller ends the stream with an error rather than present a cut-short
     * answer as a whole one; what the stages still hold is then dropped (see {@link ResponseStage}).
     *
     * @throws ProtocolException {@link ErrorKind#UPSTREAM_PROTOCOL} when the stream had no end event
     */
    public byte[] onUpstreamEnd() {
        byte[] rest = finishParsing();
        if (!ended) {
            throw new ProtocolException(ErrorKind.UPSTREAM_PROTOCOL, "the upstream stream ended without its end event");
        }
        out.writeBytes(rest);
        return drain();
    }

    /** Parses what the parser still holds; returns the bytes of an unterminated last event. */
    private byte[] finishParsing() {
        List<SseEvent> last = new ArrayList<>(1);
        byte[] rest = parser.finish(last);
        for (SseEvent event : last) {
            translator.decode(event, decoded);
            decoded.forEach(e -> {
                ended |= e.end();
                pipeline.push(e);
            });
            decoded.clear();
        }
        return rest;
    }

    /** The upstream failed mid-stream: returns what is safe to send, ending with a protocol error event. */
    public byte[] onError(ErrorKind kind, String message) {
        translator.encodeError(kind, message, out);
        return drain();
    }

    private void emit(ChatEvent event) {
        translator.encode(event, out);
    }

    private byte[] drain() {
        byte[] bytes = out.toByteArray();
        out.reset();
        return bytes;
    }
}
