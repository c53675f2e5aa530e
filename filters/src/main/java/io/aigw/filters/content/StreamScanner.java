package io.aigw.filters.content;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Scans one stream of text (a streamed completion) incrementally and says what may be released now.
 *
 * <p>{@link #accept(CharSequence)} takes the next delta and returns the text that is final: everything
 * before the earliest position where a match could still start or still be suppressed by an allow term,
 * with masked chars already replaced by {@code *}. Only that tail is held back; it never exceeds
 * {@link ContentPolicy#holdBackLimit()} chars (checked after every call). {@link #finish()} releases the
 * rest at the end of the stream.
 *
 * <p>Once a match whose action is block is decided, the text up to the first char of that match is
 * released, {@link #isBlocked()} turns true, and everything else — the term and all that follows — is
 * withheld: further deltas are ignored and return {@code ""}.
 *
 * <p>Guarantees, whatever the chunking (one char per delta included): no char of a masked or blocked
 * match is ever released unchanged, and the concatenation of all released text is a prefix of (when not
 * blocked: equal to) {@link ContentPolicy#scan(CharSequence)}{@code .maskedText()} of the whole stream.
 * Positions in {@link #matches()} count from the stream's first char. Not thread-safe: one per stream.
 */
public final class StreamScanner {

    private final ContentPolicy policy;
    private final ScanEngine engine;
    /** Chars not released yet, from {@link #released}. */
    private final StringBuilder held = new StringBuilder();
    /** Decided matches that mask or block and may still cover unreleased chars. */
    private final List<ContentMatch> hiding = new ArrayList<>();
    private final List<ContentMatch> matches = new ArrayList<>();
    private int released;
    private ContentMatch block;
    private boolean finished;

    StreamScanner(ContentPolicy policy) {
        this.policy = policy;
        this.engine = new ScanEngine(policy);
    }

    /**
     * Scans the next delta.
     *
     * @param delta the next chars of the stream, not null (may be empty)
     * @return the chars that may be sent now (possibly masked, possibly empty); {@code ""} once blocked
     * @throws IllegalStateException after {@link #finish()}, or past 2^30 chars of stream
     */
    public String accept(CharSequence delta) {
        if (finished) {
            throw new IllegalStateException("stream already finished");
        }
        if (block != null || delta.length() == 0) {
            return "";
        }
        held.append(delta);
        engine.feed(delta);
        return release(engine.settledUpTo());
    }

    /**
     * Ends the stream: decides the pending matches and returns everything still held (masked), or
     * {@code ""} when blocked. Later calls return {@code ""}.
     */
    public String finish() {
        if (finished) {
            return "";
        }
        finished = true;
        if (block != null) {
            return "";
        }
        engine.finish();
        return release(engine.position());
    }

    /** Whether a block match was seen: the stream must end (e.g. with {@code finish_reason: content_filter}). */
    public boolean isBlocked() {
        return block != null;
    }

    /** The match that blocked the stream, if any. */
    public Optional<ContentMatch> blockingMatch() {
        return Optional.ofNullable(block);
    }

    /** The decided matches so far, in stream order. */
    public List<ContentMatch> matches() {
        List<ContentMatch> sorted = new ArrayList<>(matches);
        sorted.sort(ContentMatch.ORDER);
        return sorted.stream().distinct().toList();
    }

    /** The most severe action among {@link #matches()} so far. */
    public Outcome outcome() {
        Outcome outcome = Outcome.ALLOW;
        for (ContentMatch m : matches) {
            outcome = outcome.max(m.action().outcome());
        }
        return outcome;
    }

    /** Chars currently held back (0 once blocked: they are withheld for good). */
    public int heldBack() {
        return block == null ? held.length() : 0;
    }

    private String release(int upTo) {
        List<ContentMatch> decided = engine.resolver().decided();
        for (ContentMatch m : decided) {
            matches.add(m);
            if (m.hidesText()) {
                hiding.add(m);
            }
            if (m.action() == Action.BLOCK && (block == null || m.start() < block.start())) {
                block = m;
            }
        }
        decided.clear();
        int end = block == null ? upTo : Math.min(upTo, block.start());
        if (end < released) {
            throw new IllegalStateException("block at " + end + " decided after " + released + " chars were released (bug)");
        }
        String out = slice(end);
        if (block != null) {
            held.setLength(0);
            hiding.clear();
        } else if (held.length() > policy.holdBackLimit()) {
            throw new IllegalStateException("content hold-back of " + held.length() + " chars exceeds its bound "
                    + policy.holdBackLimit() + " (bug)");
        }
        return out;
    }

    /** Removes and returns the held chars before absolute position {@code end}, masked. */
    private String slice(int end) {
        int n = end - released;
        if (n <= 0) {
            return "";
        }
        char[] out = new char[n];
        held.getChars(0, n, out, 0);
        for (Iterator<ContentMatch> it = hiding.iterator(); it.hasNext(); ) {
            ContentMatch m = it.next();
            int from = Math.max(m.start(), released) - released;
            int to = Math.min(m.end(), end) - released;
            for (int i = from; i < to; i++) {
                out[i] = '*';
            }
            if (m.end() <= end) {
                it.remove();
            }
        }
        held.delete(0, n);
        released = end;
        return new String(out);
    }
}
