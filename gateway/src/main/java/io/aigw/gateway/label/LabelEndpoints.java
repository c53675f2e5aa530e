package io.aigw.gateway.label;

import io.aigw.filters.label.ReceiptVerification;
import io.aigw.filters.label.ReceiptVerifier;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.exchange.Buffers;
import java.util.Objects;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The public provenance endpoints, no authentication:
 * <ul>
 *   <li>{@code GET /.well-known/aigc-keys}: the JWKS of the receipt keys;</li>
 *   <li>{@code POST /aigc/verify} with {@code {"content":"…","receipt":"…","choice":1}}: 200
 *       {@code {"valid":true|false,"reason":…,"kid":…, claims…}}, checking {@code content} against the
 *       digest of choice {@code choice} (optional, default 0: an OpenAI {@code choices[i]}; an
 *       Anthropic message is choice 0); 400 {@code {"error":…}} when the body is not a JSON object
 *       with string {@code content} and {@code receipt} and, when given, a non-negative integer
 *       {@code choice}; 413 {@code {"error":…}} when it is larger than {@value #MAX_VERIFY_BYTES} bytes.</li>
 * </ul>
 * Request bodies are capped at 1 MiB (read up to the cap, never further). Verification is in memory (one Ed25519 check, one SHA-256).
 * Thread-safe.
 */
final class LabelEndpoints {

    static final String KEYS_PATH = "/.well-known/aigc-keys";
    static final String VERIFY_PATH = "/aigc/verify";
    /** The largest {@code /aigc/verify} body read. */
    static final int MAX_VERIFY_BYTES = 1024 * 1024;

    private final ReceiptKeys keys;

    LabelEndpoints(ReceiptKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(KEYS_PATH, request -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(keys.current().jwks().toJson()))
                .POST(VERIFY_PATH, this::verify)
                .build();
    }

    private Mono<ServerResponse> verify(ServerRequest request) {
        if (request.headers().contentLength().orElse(0) > MAX_VERIFY_BYTES) {
            return tooLarge();
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_VERIFY_BYTES)
                .map(Buffers::take)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    JsonNode node;
                    try {
                        node = Json.MAPPER.readTree(body);
                    } catch (JacksonException e) {
                        return badRequest("the body is not valid JSON");
                    }
                    JsonNode content = node == null ? null : node.get("content");
                    JsonNode receipt = node == null ? null : node.get("receipt");
                    if (content == null || !content.isString() || receipt == null || !receipt.isString()) {
                        return badRequest("expected a JSON object with string fields \"content\" and \"receipt\"");
                    }
                    JsonNode choice = node.get("choice");
                    if (choice != null && !(choice.isIntegralNumber() && choice.canConvertToInt() && choice.intValue() >= 0)) {
                        return badRequest("\"choice\" must be a non-negative integer (the choice index)");
                    }
                    ReceiptVerification result = ReceiptVerifier.verify(content.stringValue(), receipt.stringValue(),
                            keys.current().jwks(), choice == null ? 0 : choice.intValue());
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(result.toJson());
                })
                .onErrorResume(DataBufferLimitException.class, e -> tooLarge());
    }

    private static Mono<ServerResponse> tooLarge() {
        String body = Json.MAPPER.writeValueAsString(Json.NODES.objectNode()
                .put("error", "the body is larger than " + MAX_VERIFY_BYTES + " bytes"));
        return ServerResponse.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static Mono<ServerResponse> badRequest(String message) {
        String body = Json.MAPPER.writeValueAsString(Json.NODES.objectNode().put("error", message));
        return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
