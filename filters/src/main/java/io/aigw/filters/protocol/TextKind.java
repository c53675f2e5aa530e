package io.aigw.filters.protocol;

/**
 * What a text of an answer is, whatever the protocol calls it. The content policy scans every kind;
 * the explicit label goes only into the kinds a person reads as the answer ({@link #isAnswer()}).
 */
public enum TextKind {
    /** The assistant's answer text: OpenAI {@code content}, Anthropic {@code text} blocks. */
    CONTENT,
    /** The model's own refusal: OpenAI {@code refusal}. Read by a person like content, labeled like it. */
    REFUSAL,
    /**
     * Reasoning shown beside the answer: {@code reasoning_content} of OpenAI-compatible streams
     * (DeepSeek, Qwen), Anthropic {@code thinking} blocks (signed: never changed, only blocked).
     */
    REASONING;

    /** Whether the text is the answer a person reads (content or refusal), which carries the explicit label. */
    public boolean isAnswer() {
        return this != REASONING;
    }
}
