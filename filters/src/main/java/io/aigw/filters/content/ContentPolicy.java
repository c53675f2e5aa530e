package io.aigw.filters.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The content policy: a compiled lexicon, the built-in PII detectors, and an action per category.
 * The single entry point of this package: {@link #scan(CharSequence)} decides a whole text (a prompt, a
 * non-streaming completion), {@link #newStreamScanner()} gives the incremental scanner for one stream.
 *
 * <p>Categories are the lexicon's (file names) and {@link #PII_CATEGORIES}. A category's action is its
 * entry in the actions map, else the default action. Immutable and thread-safe; on a lexicon or
 * configuration reload build a new policy and swap the reference (streams already running keep theirs).
 */
public final class ContentPolicy {

    /** Categories of the built-in detectors. */
    public static final List<String> PII_CATEGORIES = List.of(PiiDetectors.ID_CARD, PiiDetectors.PHONE,
            PiiDetectors.BANK_CARD, PiiDetectors.EMAIL, PiiDetectors.IPV4);

    /** Default {@link #decodeLimit()}. */
    public static final int DEFAULT_DECODE_LIMIT = 65536;

    private final LexiconMatcher lexicon;
    private final boolean piiDetection;
    private final Map<String, Action> actions;
    private final Action defaultAction;
    private final int decodeLimit;
    private final boolean squeezePrompts;

    private ContentPolicy(Builder b) {
        this.decodeLimit = b.decodeLimit;
        this.squeezePrompts = b.squeezePrompts;
        this.lexicon = b.lexicon;
        this.piiDetection = b.piiDetection;
        this.actions = Map.copyOf(b.actions);
        this.defaultAction = b.defaultAction;
    }

    /** A new builder: empty lexicon, PII detection on, default action {@link Action#BLOCK}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scans a whole text.
     *
     * @param text the text, not null
     * @return the verdict; its matches are in text order
     */
    public Verdict scan(CharSequence text) {
        ScanEngine engine = new ScanEngine(this);
        engine.feed(text);
        engine.finish();
        List<ContentMatch> matches = new ArrayList<>(engine.resolver().decided());
        matches.sort(ContentMatch.ORDER);
        return verdict(text, matches);
    }

    private static Verdict verdict(CharSequence text, List<ContentMatch> matches) {
        Outcome outcome = Outcome.ALLOW;
        char[] masked = null;
        for (ContentMatch m : matches) {
            outcome = outcome.max(m.action().outcome());
            if (m.hidesText()) {
                if (masked == null) {
                    masked = text.toString().toCharArray();
                }
                java.util.Arrays.fill(masked, m.start(), m.end(), '*');
            }
        }
        return new Verdict(outcome, matches.stream().distinct().toList(),
                masked == null ? text.toString() : new String(masked));
    }

    /**
     * Scans a prompt: as {@link #scan(CharSequence)}, and also the text with its encoded runs decoded
     * ({@link DecodedView}: base64, percent-encoding, HTML character references, backslash-u escapes, at
     * most {@link #decodeLimit()} encoded chars), which is what a model reads when asked to decode, and
     * squeezed ({@link DecodedView#squeeze}: repeated characters 龙龙门门马马 and short letter/digit runs
     * between Han characters 龙a门1马 dropped). A match
     * in a decoded run is reported over (and masks) the whole encoded run in the original text. Completions
     * are scanned without decoding: a model does not encode its answer to evade, unless the prompt asked it
     * to, and that prompt is this method's to catch.
     */
    public Verdict scanPrompt(CharSequence text) {
        Verdict raw = scan(text);
        String original = text.toString();
        List<ContentMatch> matches = new ArrayList<>(raw.matches());
        DecodedView decoded = DecodedView.of(original, decodeLimit);
        if (decoded != null) {
            addMapped(decoded, matches);
        }
        if (squeezePrompts && lexicon.termCount() > 0) {
            DecodedView squeezed = DecodedView.squeeze(decoded == null ? original : decoded.text(), decoded, lexicon.maxGap());
            if (squeezed != null) {
                addMapped(squeezed, matches);
            }
        }
        if (matches.size() == raw.matches().size()) {
            return raw;
        }
        matches.sort(ContentMatch.ORDER);
        return verdict(original, matches.stream().distinct().toList());
    }

    /** Scans a view and adds its matches, mapped to the original text. */
    private void addMapped(DecodedView view, List<ContentMatch> matches) {
        for (ContentMatch m : scan(view.text()).matches()) {
            matches.add(new ContentMatch(m.category(), view.originalStart(m.start()), view.originalEnd(m.end() - 1), m.action()));
        }
    }

    /** The most encoded chars {@link #scanPrompt} decodes per text (0: no decoding). */
    public int decodeLimit() {
        return decodeLimit;
    }

    /** A scanner for one stream (not thread-safe), using this policy. */
    public StreamScanner newStreamScanner() {
        return new StreamScanner(this);
    }

    /** The action for {@code category}: its configured one, else the default. */
    public Action actionFor(String category) {
        return actions.getOrDefault(category, defaultAction);
    }

    /** The compiled lexicon (possibly empty). */
    public LexiconMatcher lexicon() {
        return lexicon;
    }

    /** Whether the built-in PII detectors run. */
    public boolean piiDetection() {
        return piiDetection;
    }

    /** The action of categories without an entry of their own. */
    public Action defaultAction() {
        return defaultAction;
    }

    /**
     * The most chars a {@link StreamScanner} of this policy ever holds back (not counting what it withholds
     * after a block): twice the longer of the lexicon's {@link LexiconMatcher#maxOpenSpan()} and the PII
     * token cap ({@value PiiScanner#MAX_TOKEN}) — once for the match that may still be growing, once for a
     * complete match waiting to learn whether an allow term overlaps it.
     */
    public int holdBackLimit() {
        int span = Math.max(lexicon.termCount() == 0 ? 0 : lexicon.maxOpenSpan(), piiDetection ? PiiScanner.MAX_TOKEN : 0);
        return 2 * span;
    }

    @Override
    public String toString() {
        return "ContentPolicy[" + lexicon + ", pii=" + piiDetection + ", actions=" + actions + ", default="
                + defaultAction + "]";
    }

    /**
     * Validating builder of a {@link ContentPolicy}. Not thread-safe. {@link #build()} throws
     * {@link IllegalArgumentException} naming a category that has an action but is neither a lexicon
     * category nor a PII category (usually a typo in the configuration).
     */
    public static final class Builder {
        private LexiconMatcher lexicon = LexiconMatcher.builder().build();
        private boolean piiDetection = true;
        private final Map<String, Action> actions = new LinkedHashMap<>();
        private Action defaultAction = Action.BLOCK;
        private int decodeLimit = DEFAULT_DECODE_LIMIT;
        private boolean squeezePrompts = true;

        /**
         * Whether {@link #scanPrompt} also scans the prompt with repeated characters and short letter/digit
         * runs between Han characters dropped (default true).
         */
        public Builder squeezePrompts(boolean squeezePrompts) {
            this.squeezePrompts = squeezePrompts;
            return this;
        }

        private Builder() {
        }

        /** Most encoded chars {@link #scanPrompt} decodes per text, 0 for none (default {@value #DEFAULT_DECODE_LIMIT}). */
        public Builder decodeLimit(int decodeLimit) {
            if (decodeLimit < 0) {
                throw new IllegalArgumentException("decodeLimit must not be negative: " + decodeLimit);
            }
            this.decodeLimit = decodeLimit;
            return this;
        }

        /** The compiled lexicon, not null (default: empty). */
        public Builder lexicon(LexiconMatcher lexicon) {
            this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
            return this;
        }

        /** Whether the built-in PII detectors run (default true). */
        public Builder piiDetection(boolean piiDetection) {
            this.piiDetection = piiDetection;
            return this;
        }

        /** The action of one category. */
        public Builder action(String category, Action action) {
            actions.put(Objects.requireNonNull(category, "category"), Objects.requireNonNull(action, "action"));
            return this;
        }

        /** The actions of several categories, e.g. parsed from {@code aigw.content.actions.<category>}. */
        public Builder actions(Map<String, Action> actionsByCategory) {
            actionsByCategory.forEach(this::action);
            return this;
        }

        /** The action of categories without an entry (default {@link Action#BLOCK}). */
        public Builder defaultAction(Action defaultAction) {
            this.defaultAction = Objects.requireNonNull(defaultAction, "defaultAction");
            return this;
        }

        /** @throws IllegalArgumentException when an action names an unknown category */
        public ContentPolicy build() {
            for (String category : actions.keySet()) {
                if (!lexicon.categories().contains(category) && !PII_CATEGORIES.contains(category)) {
                    throw new IllegalArgumentException("action for unknown content category '" + category
                            + "'; known: " + lexicon.categories() + " and " + PII_CATEGORIES);
                }
            }
            return new ContentPolicy(this);
        }
    }
}
