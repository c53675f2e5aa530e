package io.aigw.gateway.moderation;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.gateway.exchange.AnswerGate;
import io.aigw.gateway.exchange.ChatExchange;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * The answer side of {@code - Moderation}: a stage that reads the answer's text deltas (as the stages before
 * it left them) and a gate that holds the encoded answer back until the service's verdict on that text. The
 * held text is sent once it reaches the service's segment size, when the held bytes reach
 * {@link #MAX_HELD_BYTES}, and at the end of the answer; each segment repeats the end of the previous one
 * as context. Allowed (or flagged) segments release what was held; a blocked one fails the answer, so that
 * nothing of it reaches the client: a stream ends with the protocol's error event, an answer not yet begun
 * is refused. Each text delta is stamped with the mark of the output being processed
 * ({@link io.aigw.gateway.exchange.AnswerDelivery#mark()}), so a verdict covers the text of the pieces it
 * releases and none the stages read ahead while it was pending. One instance per answer.
 */
final class ModerationGate implements AnswerGate {

    /** Most encoded bytes held back while their text waits for a verdict (a stream of many small events). */
    static final int MAX_HELD_BYTES = 512 * 1024;
    private static final byte[] NOTHING = new byte[0];

    private final ModerationService service;
    private final ChatExchange chat;
    private final ModerationMetrics metrics;
    /** Text deltas read by the stage side, handed to the gate side (which may run on another thread). */
    private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    // The gate side's own state, touched by offer only.
    private final StringBuilder pending = new StringBuilder();
    private String context = "";
    private final List<byte[]> held = new ArrayList<>();
    private int heldBytes;
    private long releasedUpTo;

    /** A text delta, and the mark of the output being processed when the stage saw it (its bytes go out in that piece or a later one). */
    private record Seen(long mark, String text) {
    }

    ModerationGate(ModerationService service, ChatExchange chat, ModerationMetrics metrics) {
        this.service = service;
        this.chat = chat;
        this.metrics = metrics;
    }

    @Override
    public void onEvent(ChatEvent event, Consumer<ChatEvent> next) {
        if (event.hasText() && !event.text().isEmpty()) {
            seen.add(new Seen(chat.delivery().mark(), event.text()));
        }
        next.accept(event);
    }

    @Override
    public Mono<Piece> offer(Piece piece, boolean last) {
        if (piece.bytes().length > 0) {
            held.add(piece.bytes());
            heldBytes += piece.bytes().length;
        }
        long upTo = piece.upTo();
        Seen next;
        while ((next = seen.peek()) != null && next.mark() <= upTo) {
            pending.append(seen.poll().text());
        }
        boolean due = last || pending.length() >= service.segmentChars() || heldBytes >= MAX_HELD_BYTES;
        if (!due) {
            return Mono.just(new Piece(NOTHING, releasedUpTo));
        }
        if (pending.isEmpty()) {
            return Mono.just(release(upTo));
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
            return Mono.just(release(upTo));
        });
    }

    /** Everything held, offered up to {@code upTo}, released as one piece. */
    private Piece release(long upTo) {
        releasedUpTo = upTo;
        if (held.isEmpty()) {
            return new Piece(NOTHING, upTo);
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
        return new Piece(released, upTo);
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
