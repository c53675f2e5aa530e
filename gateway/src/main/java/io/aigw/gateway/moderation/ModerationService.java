package io.aigw.gateway.moderation;

import io.aigw.filters.content.Action;
import io.aigw.filters.protocol.Json;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One external moderation service: sends texts with a non-blocking {@link WebClient}, bounded by the
 * timeout and guarded by the circuit breaker (which counts timeouts, errors and unusable answers, and,
 * while open, fails calls at once), and maps the flagged categories to block or flag. Never fails: no
 * verdict becomes the fail mode's ({@link ModerationVerdict#unavailable()}). Thread-safe.
 */
public final class ModerationService {

    /** Largest answer accepted from a service. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    /** The category reported when a service flags texts without naming a category. */
    static final String FLAGGED = "flagged";

    /** Which side of the exchange texts come from. */
    public enum Side { PROMPT, COMPLETION }

    private final String name;
    private final ModerationProperties.Service settings;
    private final Action defaultAction;
    private final Map<String, Action> actions;
    private final WebClient client;
    private final CircuitBreaker breaker;

    /**
     * @param apiKey the service's key, or null to send none
     * @throws IllegalArgumentException for a missing or non-http(s) URL, a non-positive timeout or segment
     *     size, or an action other than block or flag
     */
    ModerationService(String name, ModerationProperties.Service settings, String apiKey, CircuitBreaker breaker) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = settings;
        String prefix = "aigw.moderation.services." + name;
        if (settings.url() == null || !(settings.url().startsWith("http://") || settings.url().startsWith("https://"))) {
            throw new IllegalArgumentException(prefix + ".url must be an http(s) URL: '" + settings.url() + "'");
        }
        if (settings.timeout() == null || settings.timeout().isZero() || settings.timeout().isNegative()) {
            throw new IllegalArgumentException(prefix + ".timeout must be positive: " + settings.timeout());
        }
        if (settings.segmentChars() < 1) {
            throw new IllegalArgumentException(prefix + ".segment-chars must be positive: " + settings.segmentChars());
        }
        this.defaultAction = action(prefix + ".default-action", settings.defaultAction());
        this.actions = settings.actions().entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), e -> action(prefix + ".actions." + e.getKey(), e.getValue())));
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        WebClient.Builder builder = WebClient.builder()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES))
                .defaultHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
        if (apiKey != null && !apiKey.isBlank()) {
            builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey);
        }
        this.client = builder.build();
    }

    private static Action action(String property, String value) {
        Action action = Action.parse(value);
        if (action == Action.MASK) {
            throw new IllegalArgumentException(property + " must be block or flag (a verdict names no span to mask): '" + value + "'");
        }
        return action;
    }

    public String name() {
        return name;
    }

    /** Most chars of an answer held back per verdict. */
    public int segmentChars() {
        return settings.segmentChars();
    }

    /** Whether texts pass when the service gives no verdict. */
    public boolean failOpen() {
        return settings.failOpen();
    }

    /** The verdict on {@code texts} (each a segment of at most {@link #segmentChars()} chars, but the overlap). */
    public Mono<ModerationVerdict> check(List<String> texts, Side side, String requestId) {
        if (texts.isEmpty()) {
            return Mono.just(new ModerationVerdict(ModerationVerdict.Decision.ALLOW, Set.of(), false));
        }
        return client.post().uri(settings.url())
                .accept(MediaType.APPLICATION_JSON)
                .bodyValue(requestBody(texts, side, requestId))
                .retrieve()
                .bodyToMono(String.class)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("empty moderation answer")))
                .map(answer -> verdict(flagged(Json.MAPPER.readTree(answer))))
                .timeout(settings.timeout())
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorResume(failure -> Mono.just(new ModerationVerdict(settings.failOpen()
                        ? ModerationVerdict.Decision.FLAG : ModerationVerdict.Decision.BLOCK, Set.of(ModerationVerdict.UNAVAILABLE), true)));
    }

    private String requestBody(List<String> texts, Side side, String requestId) {
        ObjectNode body = Json.NODES.objectNode();
        ArrayNode input;
        if (settings.format() == ModerationProperties.Format.OPENAI) {
            body.put("model", settings.model());
            input = body.putArray("input");
        } else {
            body.put("side", side.name().toLowerCase(Locale.ROOT));
            body.put("request_id", requestId);
            input = body.putArray("texts");
        }
        texts.forEach(input::add);
        return body.toString();
    }

    /** The flagged categories of an answer in the service's format; unusable answers fail. */
    private Set<String> flagged(JsonNode answer) {
        Set<String> categories = new LinkedHashSet<>();
        if (settings.format() == ModerationProperties.Format.OPENAI) {
            JsonNode results = answer.path("results");
            if (!results.isArray()) {
                throw new IllegalStateException("moderation answer without results");
            }
            for (JsonNode result : results) {
                result.path("categories").properties().forEach(e -> {
                    if (e.getValue().asBoolean(false)) {
                        categories.add(e.getKey());
                    }
                });
                if (result.path("flagged").asBoolean(false) && categories.isEmpty()) {
                    categories.add(FLAGGED);
                }
            }
            return categories;
        }
        if (!answer.path("flagged").isBoolean()) {
            throw new IllegalStateException("webhook answer without a boolean 'flagged'");
        }
        if (answer.path("flagged").asBoolean()) {
            answer.path("categories").forEach(category -> categories.add(category.asString()));
            if (categories.isEmpty()) {
                categories.add(FLAGGED);
            }
        }
        return categories;
    }

    private ModerationVerdict verdict(Set<String> categories) {
        ModerationVerdict.Decision decision = ModerationVerdict.Decision.ALLOW;
        for (String category : categories) {
            Action action = actions.getOrDefault(category.toLowerCase(Locale.ROOT), defaultAction);
            if (action == Action.BLOCK) {
                decision = ModerationVerdict.Decision.BLOCK;
            } else if (decision == ModerationVerdict.Decision.ALLOW) {
                decision = ModerationVerdict.Decision.FLAG;
            }
        }
        return new ModerationVerdict(decision, categories, false);
    }

    /**
     * Splits {@code text} into segments of at most {@link #segmentChars()} chars, each after the first
     * starting {@link #overlap()} chars early, so that a term across a boundary is whole in one of them.
     */
    List<String> segments(String text) {
        int size = settings.segmentChars();
        List<String> segments = new ArrayList<>(text.length() / size + 1);
        for (int at = 0; at < text.length(); at += size) {
            int end = Math.min(text.length(), at + size);
            segments.add(text.substring(Math.max(0, at - overlap()), end));
        }
        return segments;
    }

    /** Chars of context repeated at the start of the next segment: a quarter of a segment, at most 64. */
    int overlap() {
        return Math.min(64, settings.segmentChars() / 4);
    }

    @Override
    public String toString() {
        return "ModerationService[" + name + ", " + settings.format() + ", " + settings.url() + ", timeout=" + settings.timeout()
                + ", failOpen=" + settings.failOpen() + "]";
    }
}
