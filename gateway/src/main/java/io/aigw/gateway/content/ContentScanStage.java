package io.aigw.gateway.content;

import io.aigw.filters.content.ContentMatch;
import io.aigw.filters.content.ContentPolicy;
import io.aigw.filters.content.StreamScanner;
import io.aigw.filters.content.Verdict;
import io.aigw.filters.pipeline.HeaderSink;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.protocol.ChatEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The content policy on a completion.
 *
 * <p>Streamed: each choice / text block gets a {@link StreamScanner}; a text delta passes on only as
 * much as the scanner releases (masked where needed), holding back just the tail that could still
 * start a match, and the held text is released before any event that closes the text. When a
 * blocked term appears, the text before it goes out, then a finish with the protocol's
 * content-filter reason and the end of the stream; nothing of the term or after it is sent.
 *
 * <p>Not streamed: each text is scanned whole; a block replaces the answer with the refusal text
 * and the content-filter finish reason, a mask rewrites it.
 *
 * <p>One instance per answer.
 */
final class ContentScanStage implements ResponseStage {

    private final ContentPolicy policy;
    private boolean streaming;
    private final String refusalFinishReason;
    private final String refusalText;
    private final ContentMetrics metrics;
    private final Consumer<List<ContentMatch>> matchesSink;
    private final Map<Integer, StreamScanner> scanners = new HashMap<>();
    private boolean blocked;

    /** @param matchesSink receives every match found in the answer (the exchange's audit facts) */
    ContentScanStage(ContentPolicy policy, String refusalFinishReason, String refusalText, ContentMetrics metrics,
                     Consumer<List<ContentMatch>> matchesSink) {
        this.policy = policy;
        this.refusalFinishReason = refusalFinishReason;
        this.refusalText = refusalText;
        this.metrics = metrics;
        this.matchesSink = matchesSink;
    }

    @Override
    public void onStart(boolean streaming, HeaderSink headers) {
        this.streaming = streaming;
    }

    @Override
    public void onEvent(ChatEvent event, Consumer<ChatEvent> next) {
        if (blocked) {
            return;
        }
        if (!streaming) {
            onWholeText(event, next);
            return;
        }
        if (event.hasText() && !event.text().isEmpty()) {
            StreamScanner scanner = scanners.computeIfAbsent(event.index(), i -> policy.newStreamScanner());
            String released = scanner.accept(event.text());
            if (!scanner.isBlocked() && event.endsText()) {
                scanners.remove(event.index());
                released += scanner.finish();
                if (!scanner.isBlocked()) {
                    record(scanner.matches());
                }
            }
            if (scanner.isBlocked()) {
                block(event.index(), released, scanner, next);
                return;
            }
            if (released.equals(event.text())) {
                next.accept(event);
            } else if (!released.isEmpty() || event.hasFinish()) {
                next.accept(event.withText(released));
            }
            return;
        }
        if (event.endsText() && releaseHeld(event, next)) {
            return;
        }
        next.accept(event);
    }

    @Override
    public void onComplete(Consumer<ChatEvent> next) {
        for (Map.Entry<Integer, StreamScanner> entry : scanners.entrySet()) {
            if (blocked) {
                return;
            }
            flush(entry.getKey(), entry.getValue(), next);
        }
    }

    /**
     * Releases what is held for the text {@code event} closes (all texts on finish or end).
     * Returns whether the stream was blocked instead.
     */
    private boolean releaseHeld(ChatEvent event, Consumer<ChatEvent> next) {
        if (event.closesText() && !event.hasFinish() && !event.end()) {
            StreamScanner scanner = scanners.remove(event.index());
            return scanner != null && flush(event.index(), scanner, next);
        }
        for (var it = scanners.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, StreamScanner> entry = it.next();
            it.remove();
            if (flush(entry.getKey(), entry.getValue(), next)) {
                return true;
            }
        }
        return false;
    }

    /** Ends a scanner, sending what it still holds; returns whether that revealed a block. */
    private boolean flush(int index, StreamScanner scanner, Consumer<ChatEvent> next) {
        String rest = scanner.finish();
        if (scanner.isBlocked()) {
            block(index, rest, scanner, next);
            return true;
        }
        record(scanner.matches());
        if (!rest.isEmpty()) {
            next.accept(ChatEvent.text(index, rest));
        }
        return false;
    }

    private void block(int index, String released, StreamScanner scanner, Consumer<ChatEvent> next) {
        blocked = true;
        record(scanner.matches());
        if (!released.isEmpty()) {
            next.accept(ChatEvent.text(index, released));
        }
        next.accept(ChatEvent.finish(index, refusalFinishReason));
        next.accept(ChatEvent.endOfStream());
    }

    private void onWholeText(ChatEvent event, Consumer<ChatEvent> next) {
        if (!event.hasText() || event.text().isEmpty()) {
            next.accept(event);
            return;
        }
        Verdict verdict = policy.scan(event.text());
        record(verdict.matches());
        if (verdict.blocked()) {
            blocked = true;
            next.accept(event.withText(refusalText));
            next.accept(ChatEvent.finish(event.index(), refusalFinishReason));
            next.accept(ChatEvent.endOfStream());
        } else if (!verdict.maskedText().equals(event.text())) {
            next.accept(event.withText(verdict.maskedText()));
        } else {
            next.accept(event);
        }
    }

    private void record(List<ContentMatch> matches) {
        metrics.record(ContentMetrics.Side.COMPLETION, matches);
        matchesSink.accept(matches);
    }
}
