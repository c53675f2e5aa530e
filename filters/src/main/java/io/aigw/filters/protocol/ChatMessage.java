package io.aigw.filters.protocol;

import java.util.Objects;

/**
 * One message of a prompt, reduced to what policies read: its role and its text
 * (the text parts joined with {@code \n}; non-text parts such as images are not included).
 */
public record ChatMessage(String role, String text) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }
}
