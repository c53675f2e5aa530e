package io.aigw.filters.label;


/**
 * Where the label stage reports each answer's outcome (metrics, later the audit line). Implementations
 * are thread-safe and never block.
 */
public interface LabelOutcomes {

    /** An answer was generated and finished; {@link LabeledAnswer#fullyLabeled()} tells whether it is labeled. */
    void generated(String product, LabeledAnswer answer);

    /** An answer was blocked by the content policy before any generated text reached the client. */
    void blocked(String product);

    /**
     * A streamed answer's labeling progressed: its first text, or its suffix, went out. What an answer
     * cut short before it finished had received; nothing by default.
     *
     * @param explicitComplete whether the explicit label went out in every configured position so far
     */
    default void progressed(String produceId, boolean explicitComplete) {
    }
}
