package io.aigw.gateway.demo;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Provider-shaped random identifiers. Uses {@link ThreadLocalRandom}, which never blocks (unlike
 * {@code UUID.randomUUID()}); the ids need to be unique-looking, not secret. Thread-safe.
 */
final class MockIds {

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private MockIds() {
    }

    /** Like OpenAI's {@code chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT}. */
    static String chatCompletion() {
        return "chatcmpl-" + random(29);
    }

    /** Like Anthropic's {@code msg_013Zva2CMHLNnXjNJJKqJ2EF}. */
    static String message() {
        return "msg_01" + random(22);
    }

    /** Like OpenAI's {@code x-request-id} / Anthropic's {@code request-id} values. */
    static String request() {
        return "req_" + random(24);
    }

    private static String random(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = BASE62[random.nextInt(BASE62.length)];
        }
        return new String(chars);
    }
}
