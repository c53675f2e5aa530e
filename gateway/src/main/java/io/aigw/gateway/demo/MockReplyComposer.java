package io.aigw.gateway.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the mock answer: a friendly reply quoting the last user message, in Chinese when the
 * prompt contains Han characters and in English otherwise, split into exactly the requested number
 * of non-empty pieces. The same input always gives the same output. Stateless and thread-safe.
 */
final class MockReplyComposer {

    /** Longest prompt excerpt quoted in the answer, in code points. */
    static final int MAX_QUOTE = 60;

    private static final String EN_FILLER = " This sentence is padding so that the stream has enough pieces.";
    private static final String ZH_FILLER = "这句话是填充内容，让流式输出有足够的分片。";

    /**
     * @param request the parsed request
     * @param chunks  the number of pieces wanted, at least 1
     */
    MockReply compose(MockChatRequest request, int chunks) {
        MockModelSettings.checkChunks(chunks, "chunks");
        boolean chinese = containsHan(request.lastUserText()) || containsHan(request.promptText());
        String text = answer(request.lastUserText(), chinese);
        List<String> tokens = tokens(text, chinese);
        if (tokens.size() < chunks) {
            // Every answer ends in a sentence mark, so each filler adds exactly its own token count.
            String filler = chinese ? ZH_FILLER : EN_FILLER;
            int perFiller = tokens(filler.strip(), chinese).size();
            text = text + filler.repeat((chunks - tokens.size() + perFiller - 1) / perFiller);
            tokens = tokens(text, chinese);
        }
        return new MockReply(text, group(tokens, chunks),
                TokenEstimate.of(request.promptText()), TokenEstimate.of(text));
    }

    private static String answer(String lastUser, boolean chinese) {
        String quote = quote(lastUser);
        if (chinese) {
            return quote.isEmpty()
                    ? "你好！我是 aigw 的模拟模型。你没有提出问题，所以这是一段固定的示例回答。"
                    : "你好！我是 aigw 的模拟模型。你刚才说：「" + quote + "」。这是一段确定性的示例回答，用于演示和测试。";
        }
        return quote.isEmpty()
                ? "Hello! I am the aigw mock model. You did not ask anything, so here is a fixed sample answer."
                : "Hello! I am the aigw mock model. You said: \"" + quote
                        + "\". This is a deterministic sample answer for demos and tests.";
    }

    /** The message on one line, cut to {@link #MAX_QUOTE} code points with an ellipsis. */
    private static String quote(String lastUser) {
        String flat = lastUser.strip().replaceAll("\\s+", " ");
        if (flat.codePointCount(0, flat.length()) <= MAX_QUOTE) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, MAX_QUOTE)) + "…";
    }

    /** Chinese: one code point per token. English: a word with its following whitespace. */
    private static List<String> tokens(String text, boolean chinese) {
        List<String> tokens = new ArrayList<>();
        if (chinese) {
            text.codePoints().forEach(cp -> tokens.add(new String(Character.toChars(cp))));
            return tokens;
        }
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            tokens.add(text.substring(start, i));
            start = i;
        }
        return tokens;
    }

    /** Splits {@code tokens} (at least {@code groups} of them) into {@code groups} contiguous runs of near-equal size. */
    private static List<String> group(List<String> tokens, int groups) {
        List<String> pieces = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            int from = (int) ((long) tokens.size() * g / groups);
            int to = (int) ((long) tokens.size() * (g + 1) / groups);
            pieces.add(String.join("", tokens.subList(from, to)));
        }
        return pieces;
    }

    static boolean containsHan(String text) {
        return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }
}
