package io.aigw.gateway.moderation;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.gateway.exchange.AnswerGate;
import io.aigw.gateway.exchange.ChatExchange;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * The answer side of {@code - Moderation}: a stage that reads the answer's text deltas (as the stages before
 * it left them) and a gate that holds the encoded answer back until the service's verdict on that text. The
 * held text is sent once it reaches the service's segment size, when the held bytes reach
 * {@link #MAX_HELD_BYTES}, and at the end of the answer; each segment repeats the end of the previous one
 * as context. Allowed (or flagged) segments release what was held; a blocked one fails the answer, so that
 * nothing of it reaches the client: a stream ends with the protocol's error event, an answer not yet begun
 * is refused. One instance per answer.
 */
final class ModerationGate implements AnswerGate {

    /** Most encoded bytes held back while their text waits for a verdict (a stream of many small events). */
    static final int MAX_HELD_BYTES = 512 * 1024;
    private static final byte[] NOTHING = new byte[0];

    private final ModerationService service;
    private final ChatExchange chat;
    private final ModerationMetrics metrics;
    private final StringBuilder pending = new StringBuilder();
    private String context = "";
    private final List<byte[]> held = new ArrayList<>();
    private int heldBytes;

    ModerationGate(ModerationService service, ChatExchange chat, ModerationMetrics metrics) {
        this.service = service;
        this.chat = chat;
        this.metrics = metrics;
    }

    @Override
    public void onEvent(ChatEvent event, Consumer<ChatEvent> next) {
        if (event.hasText() && !event.text().isEmpty()) {
            pending.append(event.text());
        }
        next.accept(event);
    }

    @Override
    public Mono<byte[]> offer(byte[] bytes, boolean last) {
        if (bytes.length > 0) {
            held.add(bytes);
            heldBytes += bytes.length;
        }
        boolean due = last || pending.length() >= service.segmentChars() || heldBytes >= MAX_HELD_BYTES;
        if (!due) {
            return Mono.just(NOTHING);
        }
        if (pending.isEmpty()) {
            return Mono.just(release());
        }
        List<String> segments = service.segments(pending.toString());
        if (!context.isEmpty()) {
            segments = new ArrayList<>(segments);
            segments.set(0, context + segments.get(0));
        }
        int keep = Math.min(service.overlap(), pending.length());
        context = pending.substring(pending.length() - keep);
        pending.setLength(0);
        return service.check(segments, ModerationService.Side.COMPLETION, chat.requestId()).flatMap(verdict -> {
            metrics.record(service.name(), ModerationService.Side.COMPLETION, verdict);
            chat.facts().recordCompletionMatches(verdict.matches(service.name()));
            if (verdict.decision() == ModerationVerdict.Decision.BLOCK) {
                held.clear();
                return Mono.error(refusal(service.name(), verdict, "answer"));
            }
            return Mono.just(release());
        });
    }

    private byte[] release() {
        if (held.isEmpty()) {
            return NOTHING;
        }
        byte[] released;
        if (held.size() == 1) {
            released = held.get(0);
        } else {
            ByteArrayOutputStream joined = new ByteArrayOutputStream(heldBytes);
            held.forEach(joined::writeBytes);
            released = joined.toByteArray();
        }
        held.clear();
        heldBytes = 0;
        return released;
    }

    /** The error for a blocking verdict on the {@code what} ("prompt" or "answer"). */
    static ProtocolException refusal(String service, ModerationVerdict verdict, String what) {
        if (verdict.unavailable()) {
            return new ProtocolException(ErrorKind.MODERATION_UNAVAILABLE,
                    "the moderation service '" + service + "' gave no verdict on the " + what + " (fail-closed)");
        }
        return new ProtocolException(ErrorKind.CONTENT_POLICY, "the " + what + " was blocked by the moderation service '"
                + service + "' (category " + verdict.categories().stream().sorted().findFirst().orElse("flagged") + ")");
    }
}
