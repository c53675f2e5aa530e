package io.aigw.filters.label;

/**
 * Which explicit label one choice of an answer got, and why when none: the value recorded per choice
 * in the audit line ({@link #wire()}) and counted by the compliance report.
 */
public enum ExplicitLabelOutcome {
    /** The label went into the text in every configured position. */
    IN_TEXT("in_text"),
    /** A pure tool call: no text a person reads, nothing inserted (the arguments must stay as generated). */
    OMITTED_TOOL_CALL("omitted:tool_call"),
    /** A structured (JSON) answer the request asked for: inserted text would break the document. */
    OMITTED_STRUCTURED("omitted:structured"),
    /**
     * The product's user agreement moves the explicit labeling duty to the user (labeling Measures
     * Art. 9); the agreement reference is recorded beside it.
     */
    OMITTED_OPT_OUT("omitted:opt_out"),
    /**
     * The model refused without any text (Anthropic {@code stop_reason: "refusal"}, an upstream OpenAI
     * {@code finish_reason: "content_filter"}): nothing a person reads, nothing inserted. A refusal with
     * text is labeled like any text ({@link #IN_TEXT}).
     */
    OMITTED_REFUSAL("omitted:refusal"),
    /** The choice needed an explicit label and did not get it in every configured position. */
    NONE("none");

    private final String wire;

    ExplicitLabelOutcome(String wire) {
        this.wire = wire;
    }

    /** The audit spelling, for example {@code omitted:tool_call}. */
    public String wire() {
        return wire;
    }

    /** Whether the choice is exempt from the explicit label (by its shape or the product's opt-out). */
    public boolean exempt() {
        return this == OMITTED_TOOL_CALL || this == OMITTED_STRUCTURED || this == OMITTED_OPT_OUT || this == OMITTED_REFUSAL;
    }

    /** The outcome of an audit spelling. @throws IllegalArgumentException when it is none */
    public static ExplicitLabelOutcome fromWire(String wire) {
        for (ExplicitLabelOutcome o : values()) {
            if (o.wire.equals(wire)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown explicit label outcome '" + wire + "'");
    }
}
