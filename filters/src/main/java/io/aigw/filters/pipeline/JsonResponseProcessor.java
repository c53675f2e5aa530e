package io.aigw.filters.pipeline;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.JsonAnswer;
import io.aigw.filters.protocol.JsonTranslator;
import java.util.ArrayList;
import java.util.List;

/** Runs one non-streamed answer through the pipeline. Stateless apart from its stages. */
public final class JsonResponseProcessor {

    private final JsonTranslator translator;
    private final List<ResponseStage> stages;
    private final HeaderSink headers;

    /** A processor whose stages set no headers. */
    public JsonResponseProcessor(JsonTranslator translator, List<ResponseStage> stages) {
        this(translator, stages, HeaderSink.NONE);
    }

    /** @param headers where stages set response headers, until {@link #process} returns */
    public JsonResponseProcessor(JsonTranslator translator, List<ResponseStage> stages, HeaderSink headers) {
        this.translator = translator;
        this.stages = List.copyOf(stages);
        this.headers = headers;
    }

    /**
     * Returns the body to send for the upstream body {@code raw}: the decoded answer's own bytes
     * ({@link JsonAnswer#raw()}, the same bytes unless the translator changes protocol) when no stage
     * changed anything.
     *
     * @throws io.aigw.filters.protocol.ProtocolException when the upstream body is not a JSON object
     */
    public byte[] process(byte[] raw) {
        if (stages.isEmpty() && translator.keepsProtocol()) {
            return raw;
        }
        JsonAnswer answer = translator.decode(raw);
        stages.forEach(stage -> stage.onStart(false, headers));
        List<ChatEvent> processed = new ArrayList<>();
        ResponsePipeline pipeline = ResponsePipeline.of(stages, processed::add);
        answer.events().forEach(pipeline::push);
        return processed.stream().anyMatch(ChatEvent::changed) ? translator.encode(answer, processed) : answer.raw();
    }
}
