package io.aigw.gateway.label;

import io.aigw.filters.label.ReceiptVerification;
import io.aigw.filters.label.ReceiptVerifier;
import io.aigw.filters.protocol.Json;
import java.util.Objects;
import org.springframework.http.MediaType;
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
 *       {@code choice}.</li>
 * </ul>
 * Request bodies are capped at 1 MiB. Verification is in memory (one Ed25519 check, one SHA-256).
 * Thread-safe.
 */
final class LabelEndpoints {

    static final String KEYS_PATH = "/.well-known/aigc-keys";
    static final String VERIFY_PATH = "/aigc/verify";

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
        return request.bodyToMono(byte[].class)
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
                });
    }

    private static Mono<ServerResponse> badRequest(String message) {
        String body = Json.MAPPER.writeValueAsString(Json.NODES.objectNode().put("error", message));
        return ServerResponse.badRequest().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
