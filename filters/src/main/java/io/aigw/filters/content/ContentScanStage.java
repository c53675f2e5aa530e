package io.aigw.filters.content;

import io.aigw.filters.pipeline.HeaderSink;
import io.aigw.filters.pipeline.ResponseStage;
import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.TextKind;
import io.aigw.filters.protocol.ToolCallDelta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The content policy on a completion: every generated thing a person or a tool may act on is scanned,
 * each in its own channel (choice / block index, and kind): answer text (content, OpenAI
 * {@code refusal}), reasoning text ({@code reasoning_content}, Anthropic thinking) and each tool call's
 * arguments (OpenAI {@code arguments} deltas, Anthropic {@code partial_json}).
 *
 * <p>Streamed: each channel gets a {@link StreamScanner}; a delta passes on only as much as the scanner
 * releases (masked where needed), holding back just the tail that could still start a match (the
 * same bound for every channel), and the held text is released before any event that closes the
 * channel's text. When a blocked term appears, the text before it goes out, then a finish with the
 * protocol's content-filter reason and the end of the stream; nothing of the term or after it is sent.
 *
 * <p>Masks that would break what they are in are not applied but turned into a block: a masked term
 * in signed reasoning (an Anthropic thinking block's signature covers its text) and a masked char of
 * tool-call arguments outside a JSON string (a number, say). Inside a JSON string a mask keeps the
 * JSON valid ({@link JsonTextMask}).
 *
 * <p>Not streamed: each text and each tool call's arguments is scanned whole; a block replaces the
 * answer with the refusal text and the content-filter finish reason (what was not yet passed on is
 * dropped, tool calls included), a mask rewrites it.
 *
 * <p>One instance per answer; not thread-safe.
 */
public final class ContentScanStage implements ResponseStage {

    private final ContentPolicy policy;
    private final String refusalFinishReason;
    private final String refusalText;
    private final boolean reasoningIsSigned;
    private final boolean blocksAreOneAnswer;
    private final Consumer<List<ContentMatch>> matchesSink;
    private final Map<Channel, Scan> scans = new LinkedHashMap<>();
    private boolean streaming;
    private boolean blocked;

    /** One scanned stream: a choice's / block's text of one kind, or one tool call's arguments. */
    private record Channel(int index, TextKind kind, int tool) {
        static Channel text(int index, TextKind kind) {
            return new Channel(index, kind, -1);
        }

        static Channel tool(int index, int position) {
            return new Channel(index, null, position);
        }

        boolean isTool() {
            return tool >= 0;
        }
    }

    /** A channel's scanner, the original chars it holds, and for arguments their JSON state. */
    private final class Scan {
        final StreamScanner scanner = policy.newStreamScanner();
        final StringBuilder original = new StringBuilder();
        final JsonTextMask json = new JsonTextMask();
    }

    /**
     * @param refusalFinishReason the protocol's content-filter finish reason
     * @param refusalText the text of a blocked non-streamed answer
     * @param reasoningIsSigned whether reasoning text is signed (blocked rather than masked)
     * @param blocksAreOneAnswer whether the indexes are content blocks of one answer (Anthropic): the
     *     refusal text of a blocked non-streamed answer then goes into a new block
     * @param matchesSink receives every match found in the answer (metrics and the audit facts)
     */
    public ContentScanStage(ContentPolicy policy, String refusalFinishReason, String refusalText, boolean reasoningIsSigned,
            boolean blocksAreOneAnswer, Consumer<List<ContentMatch>> matchesSink) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.refusalFinishReason = Objects.requireNonNull(refusalFinishReason, "refusalFinishReason");
        this.refusalText = Objects.requireNonNull(refusalText, "refusalText");
        this.reasoningIsSigned = reasoningIsSigned;
        this.blocksAreOneAnswer = blocksAreOneAnswer;
        this.matchesSink = Objects.requireNonNull(matchesSink, "matchesSink");
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
            onWhole(event, next);
            return;
        }
        if (flushSiblings(event, next)) {
            return;
        }
        ChatEvent out = event;
        if (event.hasText() && !event.text().isEmpty()) {
            String released = release(Channel.text(event.index(), event.kind()), null, event.text(), event.endsText(), next);
            if (released == null) {
                return;
            }
            out = released.equals(event.text()) ? event : event.withText(released);
            if (released.isEmpty() && !event.hasFinish() && !event.hasTools() && !event.endsText()) {
                out = null;
            }
        }
        if (out != null && out.hasTools()) {
            out = releaseTools(out, next);
            if (out == null) {
                return;
            }
        }
        if (event.endsText() && releaseHeld(event, next)) {
            return;
        }
        if (out != null) {
            next.accept(out);
        }
    }

    /** The event's tool pieces as released; {@code null} when the stream was blocked. */
    private ChatEvent releaseTools(ChatEvent event, Consumer<ChatEvent> next) {
        List<ToolCallDelta> pieces = new ArrayList<>(event.tools().size());
        boolean changed = false;
        for (ToolCallDelta piece : event.tools()) {
            if (piece.arguments() == null || piece.arguments().isEmpty()) {
                pieces.add(piece);
                continue;
            }
            String released = release(Channel.tool(event.index(), piece.position()), piece, piece.arguments(), false, next);
            if (released == null) {
                return null;
            }
            changed |= !released.equals(piece.arguments());
            pieces.add(piece.withArguments(released));
        }
        return changed ? event.withTools(pieces) : event;
    }

    /**
     * Scans {@code text} in its channel and returns what may go out now (finishing the channel when
     * {@code ends}), or {@code null} when that blocked the stream (the block events went out).
     *
     * @param tool the tool call piece {@code text} is the arguments of, else {@code null}: a block keeps
     *     its id and name, which the client has not seen yet when this piece is the call's first
     */
    private String release(Channel channel, ToolCallDelta tool, String text, boolean ends, Consumer<ChatEvent> next) {
        Scan scan = scans.computeIfAbsent(channel, c -> new Scan());
        scan.original.append(text);
        String released = scan.scanner.accept(text);
        if (!scan.scanner.isBlocked() && ends) {
            scans.remove(channel);
            released += scan.scanner.finish();
            if (!scan.scanner.isBlocked()) {
                record(scan.scanner.matches());
            }
        }
        String safe = scan.scanner.isBlocked() ? null : safeForm(channel, scan, released);
        if (safe == null) {
            block(channel, tool, scan.scanner.isBlocked() ? released : "", scan.scanner, next);
            return null;
        }
        return safe;
    }

    /**
     * The released chars in the form they may go out, consuming their originals: masked as released,
     * or for arguments with only the JSON-safe masks; {@code null} when a mask cannot be applied there
     * (signed reasoning, arguments outside a string): the caller blocks.
     */
    private String safeForm(Channel channel, Scan scan, String released) {
        String original = scan.original.substring(0, released.length());
        scan.original.delete(0, released.length());
        if (channel.isTool()) {
            return scan.json.apply(original, released);
        }
        if (channel.kind() == TextKind.REASONING && reasoningIsSigned && !original.equals(released)) {
            return null;
        }
        return released;
    }

    /**
     * Keeps the kinds of one index in order: text of one kind releases what is held of the index's
     * other kinds first (reasoning before the content that follows it), and an event of the index with
     * neither text nor tool call (an Anthropic {@code signature_delta}) releases its held reasoning
     * first. Returns whether that revealed a block.
     */
    private boolean flushSiblings(ChatEvent event, Consumer<ChatEvent> next) {
        if (scans.isEmpty() || event.hasFinish() || event.end() || event.hasTools()) {
            return false;
        }
        boolean text = event.hasText() && !event.text().isEmpty();
        for (Iterator<Map.Entry<Channel, Scan>> it = scans.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Channel, Scan> entry = it.next();
            Channel channel = entry.getKey();
            boolean sibling = channel.index() == event.index() && !channel.isTool()
                    && (text ? channel.kind() != event.kind() : channel.kind() == TextKind.REASONING);
            if (sibling) {
                it.remove();
                if (flush(channel, entry.getValue(), next)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Releases what is held for the channels {@code event} closes (its index's; all on finish or end).
     * Returns whether the stream was blocked instead.
     */
    private boolean releaseHeld(ChatEvent event, Consumer<ChatEvent> next) {
        boolean onlyIndex = event.closesText() && !event.hasFinish() && !event.end();
        for (Iterator<Map.Entry<Channel, Scan>> it = scans.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Channel, Scan> entry = it.next();
            if (onlyIndex && entry.getKey().index() != event.index()) {
                continue;
            }
            it.remove();
            if (flush(entry.getKey(), entry.getValue(), next)) {
                return true;
            }
        }
        return false;
    }

    /** Ends a channel, sending what it still holds; returns whether that revealed a block. */
    private boolean flush(Channel channel, Scan scan, Consumer<ChatEvent> next) {
        String rest = scan.scanner.finish();
        String safe = scan.scanner.isBlocked() ? null : safeForm(channel, scan, rest);
        if (safe == null) {
            block(channel, null, scan.scanner.isBlocked() ? rest : "", scan.scanner, next);
            return true;
        }
        record(scan.scanner.matches());
        if (!safe.isEmpty()) {
            next.accept(piece(channel, null, safe));
        }
        return false;
    }

    private void block(Channel channel, ToolCallDelta tool, String released, StreamScanner scanner, Consumer<ChatEvent> next) {
        blocked = true;
        record(scanner.matches());
        boolean introducesTheCall = tool != null && (tool.id() != null || tool.name() != null);
        if (!released.isEmpty() || introducesTheCall) {
            next.accept(piece(channel, tool, released));
        }
        next.accept(ChatEvent.finish(channel.index(), refusalFinishReason));
        next.accept(ChatEvent.endOfStream());
    }

    /** A new event with released text or arguments of {@code channel}, with the id and name of {@code tool} when given. */
    private static ChatEvent piece(Channel channel, ToolCallDelta tool, String text) {
        if (!channel.isTool()) {
            return ChatEvent.text(channel.index(), channel.kind(), text);
        }
        ToolCallDelta piece = tool != null ? tool.withArguments(text) : new ToolCallDelta(channel.tool(), null, null, text);
        return ChatEvent.tools(channel.index(), List.of(piece));
    }

    // ---------------------------------------------------------------- non-streamed answers

    private void onWhole(ChatEvent event, Consumer<ChatEvent> next) {
        if (event.hasText() && !event.text().isEmpty()) {
            onWholeText(event, next);
        } else if (event.hasTools()) {
            onWholeTools(event, next);
        } else {
            next.accept(event);
        }
    }

    private void onWholeText(ChatEvent event, Consumer<ChatEvent> next) {
        Verdict verdict = policy.scan(event.text());
        record(verdict.matches());
        boolean maskBreaksSignature = event.kind() == TextKind.REASONING && reasoningIsSigned
                && !verdict.maskedText().equals(event.text());
        if (verdict.blocked() || maskBreaksSignature) {
            blockWhole(event, next);
        } else if (!verdict.maskedText().equals(event.text())) {
            next.accept(event.withText(verdict.maskedText()));
        } else {
            next.accept(event);
        }
    }

    private void onWholeTools(ChatEvent event, Consumer<ChatEvent> next) {
        List<ToolCallDelta> pieces = new ArrayList<>(event.tools().size());
        boolean changed = false;
        for (ToolCallDelta piece : event.tools()) {
            if (piece.arguments() == null || piece.arguments().isEmpty()) {
                pieces.add(piece);
                continue;
            }
            Verdict verdict = policy.scan(piece.arguments());
            record(verdict.matches());
            String safe = verdict.blocked() ? null : new JsonTextMask().apply(piece.arguments(), verdict.maskedText());
            if (safe == null) {
                blockWhole(event, next);
                return;
            }
            changed |= !safe.equals(piece.arguments());
            pieces.add(piece.withArguments(safe));
        }
        next.accept(changed ? event.withTools(pieces) : event);
    }

    /** The refusal text in place of the answer (a content text of its own where the event was no content), then the end. */
    private void blockWhole(ChatEvent event, Consumer<ChatEvent> next) {
        blocked = true;
        if (event.kind() == TextKind.CONTENT && event.hasText()) {
            next.accept(event.withText(refusalText));
        } else {
            next.accept(ChatEvent.text(blocksAreOneAnswer ? Integer.MAX_VALUE : event.index(), refusalText));
        }
        next.accept(ChatEvent.finish(event.index(), refusalFinishReason));
        next.accept(ChatEvent.endOfStream());
    }

    private void record(List<ContentMatch> matches) {
        matchesSink.accept(matches);
    }
}
