package io.aigw.filters.protocol.bridge;

import io.aigw.filters.protocol.JsonTranslator;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.StreamTranslator;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import java.time.Clock;
import java.util.Objects;

/**
 * The protocol a client speaks and the one its route's upstream speaks, and how to go between them:
 * the request is translated into the upstream's protocol just before it is sent, the answer is decoded
 * with the upstream protocol's translators, converted, and handed to the response stages as events
 * of the client's protocol, which the client's translators encode; an upstream error answer is
 * rewritten in the client's error shape. When both are the same protocol nothing is translated and
 * the protocol's own translators are used. Immutable and thread-safe.
 */
public final class ProtocolBridge {

    private final Protocol client;
    private final Protocol upstream;
    private final Clock clock;
    private final JsonTranslator jsonTranslator;

    private ProtocolBridge(Protocol client, Protocol upstream, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.clock = clock;
        if (upstream == Protocol.RESPONSES && client != Protocol.RESPONSES) {
            throw new IllegalArgumentException("a Responses upstream serves Responses clients only, not " + client);
        }
        this.jsonTranslator = crosses() ? jsonTranslator(client) : ProtocolAdapters.of(client).jsonTranslator();
    }

    /** The JSON translator from the upstream's answers to those of {@code to}, through Chat Completions when needed. */
    private JsonTranslator jsonTranslator(Protocol to) {
        if (to == upstream) {
            return ProtocolAdapters.of(upstream).jsonTranslator();
        }
        return switch (to) {
            case ANTHROPIC -> new BridgedJsonTranslator(ProtocolAdapters.of(upstream).jsonTranslator(), OpenAiToAnthropicAnswer::convert,
                    ProtocolAdapters.of(to).jsonTranslator());
            case OPENAI -> new BridgedJsonTranslator(ProtocolAdapters.of(upstream).jsonTranslator(),
                    answer -> AnthropicToOpenAiAnswer.convert(answer, clock), ProtocolAdapters.of(to).jsonTranslator());
            case RESPONSES -> new BridgedJsonTranslator(jsonTranslator(Protocol.OPENAI),
                    answer -> ChatToResponsesAnswer.convert(answer, clock), ProtocolAdapters.of(to).jsonTranslator());
        };
    }

    /** A stream translator from the upstream's events to those of {@code to}, through Chat Completions when needed. */
    private StreamTranslator streamTranslator(Protocol to) {
        if (to == upstream) {
            return ProtocolAdapters.of(upstream).newStreamTranslator();
        }
        return switch (to) {
            case ANTHROPIC -> new BridgedStreamTranslator(ProtocolAdapters.of(upstream).newStreamTranslator(), new OpenAiToAnthropicStream(),
                    ProtocolAdapters.of(to).newStreamTranslator());
            case OPENAI -> new BridgedStreamTranslator(ProtocolAdapters.of(upstream).newStreamTranslator(), new AnthropicToOpenAiStream(clock),
                    ProtocolAdapters.of(to).newStreamTranslator());
            case RESPONSES -> new BridgedStreamTranslator(streamTranslator(Protocol.OPENAI), new ChatToResponsesStream(clock),
                    ProtocolAdapters.of(to).newStreamTranslator());
        };
    }

    /**
     * A client of {@code client} protocol in front of an upstream of {@code upstream} protocol. Chat
     * Completions and Messages cross both ways; a Responses client crosses to either (through Chat
     * Completions); a Responses upstream serves Responses clients only.
     *
     * @throws IllegalArgumentException for a Responses upstream behind another protocol's clients
     */
    public static ProtocolBridge of(Protocol client, Protocol upstream) {
        return new ProtocolBridge(client, upstream, Clock.systemUTC());
    }

    /** The protocol the client speaks (its request, its answers, its errors). */
    public Protocol client() {
        return client;
    }

    /** The protocol the upstream speaks (its endpoint, its credential header, its answers). */
    public Protocol upstream() {
        return upstream;
    }

    /** Whether client and upstream speak different protocols. */
    public boolean crosses() {
        return client != upstream;
    }

    /**
     * The request body to send upstream for {@code clientBody}, a body the client protocol's codec
     * accepted (and the policies may have rewritten): the same bytes when nothing crosses.
     *
     * @throws io.aigw.filters.protocol.ProtocolException {@code INVALID_FIELD} (400) for what the
     *     upstream's protocol cannot express
     */
    public byte[] upstreamBody(byte[] clientBody) {
        if (!crosses()) {
            return clientBody;
        }
        byte[] body = client == Protocol.RESPONSES ? ResponsesToChatRequest.translate(clientBody) : clientBody;
        if (client == Protocol.ANTHROPIC) {
            return AnthropicToOpenAiRequest.translate(body);
        }
        return upstream == Protocol.ANTHROPIC ? OpenAiToAnthropicRequest.translate(body) : body;
    }

    /** A translator for one new stream from the upstream, whose events come out in the client's protocol. */
    public StreamTranslator newStreamTranslator() {
        return streamTranslator(client);
    }

    /** The translator of non-streamed answers from the upstream, whose events come out in the client's protocol. */
    public JsonTranslator jsonTranslator() {
        return jsonTranslator;
    }

    /**
     * The upstream's error answer ({@code status} not 2xx, {@code body} as received) as the client's
     * protocol words it; only for a bridge that {@link #crosses()}.
     *
     * @return the status to send and the JSON body
     */
    public ErrorAnswer errorAnswer(int status, byte[] body) {
        return UpstreamErrorAnswers.translate(client, status, body);
    }

    /**
     * An error answer in the client's protocol.
     *
     * @param status the HTTP status to send
     * @param body the JSON body
     */
    public record ErrorAnswer(int status, byte[] body) {
    }

    @Override
    public String toString() {
        return crosses() ? client + "->" + upstream : client.toString();
    }
}
