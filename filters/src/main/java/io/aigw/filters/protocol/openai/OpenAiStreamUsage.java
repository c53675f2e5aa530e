package io.aigw.filters.protocol.openai;

import io.aigw.filters.protocol.ChatEvent;
import io.aigw.filters.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;

/**
 * The token usage of an OpenAI Chat Completions stream, which an upstream reports only when the request
 * asks for it ({@code "stream_options":{"include_usage":true}}), in one extra chunk before {@code [DONE]}
 * whose {@code choices} is empty. The gateway charges quotas and counts tokens from that usage, so it asks
 * for it on every stream ({@link #asking}) and keeps the extra chunk from a client that did not ask
 * ({@link #isUsageOnlyChunk}): a client that never asked may read {@code choices[0]} of every chunk.
 *
 * <p>The request is changed by splicing bytes at offsets its parser reported, so that everything else
 * goes upstream exactly as the policies judged it. Bodies given here are ones the strict request codec
 * accepted (one JSON object, no key twice), read again here without building a tree.
 */
public final class OpenAiStreamUsage {

    static final String FIELD = "stream_options";
    static final String INCLUDE_USAGE = "include_usage";
    private static final byte[] WHOLE_FIELD = ("\"" + FIELD + "\":{\"" + INCLUDE_USAGE + "\":true},").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPTIONS = ("{\"" + INCLUDE_USAGE + "\":true}").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPTION = ("\"" + INCLUDE_USAGE + "\":true").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPTION_AND_COMMA = ("\"" + INCLUDE_USAGE + "\":true,").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    private OpenAiStreamUsage() {
    }

    /** Whether {@code body} asks for a stream's usage ({@code stream_options.include_usage} is {@code true}). */
    public static boolean asked(byte[] body) {
        return splice(body) == null;
    }

    /**
     * {@code body} asking for the stream's usage: {@code body} itself when it already does, otherwise a
     * copy with {@code stream_options.include_usage} set to {@code true} (the field added, or its value
     * replaced) and every other byte kept.
     */
    public static byte[] asking(byte[] body) {
        Splice splice = splice(body);
        return splice == null ? body : splice.applyTo(body);
    }

    /** Bytes {@code [from, to)} of a body replaced by {@code with}. */
    private record Splice(int from, int to, byte[] with) {
        byte[] applyTo(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length - (to - from) + with.length);
            out.write(body, 0, from);
            out.writeBytes(with);
            out.write(body, to, body.length - to);
            return out.toByteArray();
        }
    }

    /** What makes {@code body} ask for the usage, or null when it already does; read without a copy. */
    private static Splice splice(byte[] body) {
        try (JsonParser parser = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a request body is a JSON object");
            }
            int rootStart = offset(parser);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (FIELD.equals(name)) {
                    return value == JsonToken.START_OBJECT ? spliceIn(parser) : replacing(parser, OPTIONS);
                }
                parser.skipChildren();
            }
            return new Splice(rootStart + 1, rootStart + 1, WHOLE_FIELD);
        }
    }

    /**
     * Whether {@code event} is the chunk that only carries a stream's usage ({@code choices} empty, a
     * {@code usage} read): the one a client that did not ask for usage must not receive. The chunk of a
     * compatible upstream that reports usage beside a choice is not one.
     */
    public static boolean isUsageOnlyChunk(ChatEvent event) {
        if (event.end() || event.usage() == null || event.hasText() || event.hasTools() || event.hasFinish()) {
            return false;
        }
        JsonNode choices = event.payload() == null ? null : event.payload().get("choices");
        return choices == null || (choices.isArray() && choices.isEmpty());
    }

    /** With the parser on the {@code stream_options} object's start. */
    private static Splice spliceIn(JsonParser parser) {
        int objectStart = offset(parser);
        boolean empty = true;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            empty = false;
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (INCLUDE_USAGE.equals(name)) {
                return value == JsonToken.VALUE_TRUE ? null : replacing(parser, TRUE);
            }
            parser.skipChildren();
        }
        return new Splice(objectStart + 1, objectStart + 1, empty ? OPTION : OPTION_AND_COMMA);
    }

    /** Replacing the value the parser is on by {@code with}. */
    private static Splice replacing(JsonParser parser, byte[] with) {
        int start = offset(parser);
        int end;
        if (parser.currentToken().isStructStart()) {
            parser.skipChildren();
            end = offset(parser) + 1;
        } else {
            parser.finishToken();
            end = (int) parser.currentLocation().getByteOffset();
        }
        return new Splice(start, end, with);
    }

    private static int offset(JsonParser parser) {
        return (int) parser.currentTokenLocation().getByteOffset();
    }
}
