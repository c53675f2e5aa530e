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
        if (!crosses()) {
            jsonTranslator = ProtocolAdapters.of(client).jsonTranslator();
        } else if (upstream == Protocol.OPENAI) {
            jsonTranslator = new BridgedJsonTranslator(ProtocolAdapters.of(upstream).jsonTranslator(), OpenAiToAnthropicAnswer::convert,
                    ProtocolAdapters.of(client).jsonTranslator());
        } else {
            jsonTranslator = new BridgedJsonTranslator(ProtocolAdapters.of(upstream).jsonTranslator(),
                    answer -> AnthropicToOpenAiAnswer.convert(answer, clock), ProtocolAdapters.of(client).jsonTranslator());
        }
    }

    /** A client of {@code client} protocol in front of an upstream of {@code upstream} protocol. */
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
        return upstream == Protocol.OPENAI ? AnthropicToOpenAiRequest.translate(clientBody)
                : OpenAiToAnthropicRequest.translate(clientBody);
    }

    /** A translator for one new stream from the upstream, whose events come out in the client's protocol. */
    public StreamTranslator newStreamTranslator() {
        if (!crosses()) {
            return ProtocolAdapters.of(client).newStreamTranslator();
        }
        EventConverter converter = upstream == Protocol.OPENAI ? new OpenAiToAnthropicStream() : new AnthropicToOpenAiStream(clock);
        return new BridgedStreamTranslator(ProtocolAdapters.of(upstream).newStreamTranslator(), converter, ProtocolAdapters.of(client).newStreamTranslator());
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
