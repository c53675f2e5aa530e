package io.aigw.filters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the stream transcripts kept under {@code src/test/resources/transcripts}. */
public final class Transcripts {
    private Transcripts() {
    }

    public static byte[] load(String name) {
        try (InputStream in = Transcripts.class.getResourceAsStream("/transcripts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no transcript " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
