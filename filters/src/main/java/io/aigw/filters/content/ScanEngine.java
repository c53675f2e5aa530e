package io.aigw.filters.content;

/**
 * One scan of one text or stream: the lexicon cursor and the PII scanner fed the same chars, their raw
 * matches resolved by a {@link MatchResolver}. Shared by the one-shot and the streaming paths, so both
 * find exactly the same matches. Not thread-safe.
 */
final class ScanEngine {

    private final LexiconMatcher.Cursor lexicon;
    /** The homophone companion's cursor, or null. */
    private final LexiconMatcher.Cursor homophones;
    private final PiiScanner pii;
    private final MatchResolver resolver;
    private int position;

    ScanEngine(ContentPolicy policy) {
        this.resolver = new MatchResolver(policy);
        LexiconMatcher matcher = policy.lexicon();
        this.lexicon = matcher.termCount() == 0 ? null : cursor(matcher);
        this.homophones = matcher.homophones() == null ? null : cursor(matcher.homophones());
        this.pii = policy.piiDetection() ? new PiiScanner(resolver::raw) : null;
    }

    private LexiconMatcher.Cursor cursor(LexiconMatcher matcher) {
        return matcher.cursor((term, start, end) -> {
            for (int c : matcher.termCategories(term)) {
                resolver.raw(matcher.category(c), start, end);
            }
        });
    }

    void feed(CharSequence text) {
        if (lexicon != null) {
            lexicon.feed(text);
        }
        if (homophones != null) {
            homophones.feed(text);
        }
        if (pii != null) {
            pii.feed(text);
        }
        position += text.length();
        resolver.advance(openStart());
    }

    void finish() {
        if (lexicon != null) {
            lexicon.finish();
        }
        if (homophones != null) {
            homophones.finish();
        }
        if (pii != null) {
            pii.finish();
        }
        resolver.advance(position);
    }

    /** Chars fed so far. */
    int position() {
        return position;
    }

    /** Smallest position at which a match not yet reported could start. */
    int openStart() {
        int open = position;
        if (lexicon != null) {
            open = Math.min(open, lexicon.openStart());
        }
        if (homophones != null) {
            open = Math.min(open, homophones.openStart());
        }
        if (pii != null) {
            open = Math.min(open, pii.openStart());
        }
        return open;
    }

    /** Everything before this position is final: no match found later can touch it. */
    int settledUpTo() {
        return Math.min(openStart(), resolver.undecidedStart());
    }

    MatchResolver resolver() {
        return resolver;
    }
}
