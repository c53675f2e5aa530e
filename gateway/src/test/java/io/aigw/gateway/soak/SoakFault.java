package io.aigw.gateway.soak;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.util.Random;

/**
 * What the soak test's upstream does to one request, with how often it is drawn. Each is stubbed in
 * WireMock per protocol and per stream flag, matched on the {@code X-Soak-Fault} request header, which
 * the gateway forwards.
 */
enum SoakFault {
    OK(30),
    SLOW(12),
    CONNECTION_RESET(8),
    EMPTY_RESPONSE(8),
    MALFORMED_CHUNK(7),
    RANDOM_DATA(5),
    STATUS_500(10),
    TRUNCATED(8),
    NOT_JSON(6),
    STALL(6);

    private final int weight;

    SoakFault(int weight) {
        this.weight = weight;
    }

    static SoakFault draw(Random random) {
        int total = 0;
        for (SoakFault f : values()) {
            total += f.weight;
        }
        int pick = random.nextInt(total);
        for (SoakFault f : values()) {
            pick -= f.weight;
            if (pick < 0) {
                return f;
            }
        }
        throw new AssertionError();
    }

    /**
     * The upstream's answer.
     *
     * @param goodBody a complete answer of the protocol (JSON or SSE transcript)
     * @param errorBody the protocol's own error JSON
     */
    ResponseDefinitionBuilder answer(boolean stream, String goodBody, String errorBody) {
        String type = stream ? "text/event-stream" : "application/json";
        return switch (this) {
            case OK -> aResponse().withHeader("Content-Type", type).withBody(goodBody);
            case SLOW -> aResponse().withHeader("Content-Type", type).withBody(goodBody)
                    .withUniformRandomDelay(0, 200).withChunkedDribbleDelay(6, 300);
            case CONNECTION_RESET -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
            case EMPTY_RESPONSE -> aResponse().withFault(Fault.EMPTY_RESPONSE);
            case MALFORMED_CHUNK -> aResponse().withHeader("Content-Type", type).withFault(Fault.MALFORMED_RESPONSE_CHUNK);
            case RANDOM_DATA -> aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE);
            case STATUS_500 -> aResponse().withStatus(500).withHeader("Content-Type", "application/json").withBody(errorBody);
            case TRUNCATED -> aResponse().withHeader("Content-Type", type).withBody(goodBody.substring(0, goodBody.length() * 2 / 3));
            case NOT_JSON -> aResponse().withHeader("Content-Type", type).withBody(stream ? "data: {oops\n\n" : "{oops");
            case STALL -> aResponse().withHeader("Content-Type", type).withBody(goodBody).withChunkedDribbleDelay(2, 2_500);
        };
    }
}
