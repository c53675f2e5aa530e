package io.aigw.filters.protocol;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * Reads a few fields of an upstream event's JSON data with a streaming parser, without building the
 * tree: the stream translators' per-chunk path. A scan accepts and rejects exactly the documents that
 * {@link Json#parseUpstream(String)} accepts and rejects (same parser, same limits, trailing tokens
 * rejected as {@link Json#MAPPER} does), and each value reader gives what the same read on the parsed
 * tree gives. Stateless; each {@link Reader} is called on one thread at a time.
 */
public final class JsonScan {

    private static final boolean REJECT_TRAILING_TOKENS =
            Json.MAPPER.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Reads one value as a tree from a parser positioned on it; the document goes on after it. */
    private static final ObjectReader VALUE_TREE_READER =
            Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonScan() {
    }

    /** What a scan does with the document's root value; reads or skips all of it. */
    @FunctionalInterface
    public interface Reader {

        /**
         * Reads the root value, whose first token is the parser's current token (never null), up to and
         * including its last token.
         *
         * @throws JacksonException when the JSON is invalid (the scan turns it into a protocol error)
         */
        void readRoot(JsonParser parser);
    }

    /**
     * Checks that {@code data} is valid JSON (an empty or blank text is valid and gives no root, as
     * {@link Json#parseUpstream(String)} gives a missing node) and has {@code reader} read its root value.
     *
     * @return whether there was a root value
     * @throws ProtocolException {@link ErrorKind#UPSTREAM_PROTOCOL} when {@code data} is not valid JSON,
     *     with the message {@link Json#parseUpstream(String)} gives; it never quotes the data
     */
    public static boolean scan(String data, Reader reader) {
        // A bare token parser: the mapper's own would make a deserialization context per chunk,
        // which only the rare tree reads need (they make their own, see tree()).
        try (JsonParser parser = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), data)) {
            if (parser.nextToken() == null) {
                return false;
            }
            reader.readRoot(parser);
            if (REJECT_TRAILING_TOKENS && parser.nextToken() != null) {
                throw Json.invalidUpstreamEvent();
            }
            return true;
        } catch (JacksonException e) {
            throw Json.invalidUpstreamEvent();
        }
    }

    /**
     * The current value as {@link JsonNode#asInt(int)} of its tree reads it; consumes the value.
     * A plain {@code int} is read directly, anything else through its (small) tree.
     */
    public static int intOr(JsonParser parser, int defaultValue) {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            return parser.getIntValue();
        }
        return tree(parser).asInt(defaultValue);
    }

    /**
     * The current value's text when it is a string, else {@code null} (as {@link Json#stringOrNull}
     * reads a field); consumes the value, skipping an object or array.
     */
    public static String stringOrNull(JsonParser parser) {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        parser.skipChildren();
        return null;
    }

    /** The current value as a tree; consumes the value. For rare or small values only. */
    public static JsonNode tree(JsonParser parser) {
        return VALUE_TREE_READER.readTree(parser);
    }

    /**
     * The current value as a tree when it is an object, else {@code null}; consumes the value.
     * For values that count only when they are objects (such as {@code usage}).
     */
    public static JsonNode objectOrNull(JsonParser parser) {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            return tree(parser);
        }
        parser.skipChildren();
        return null;
    }

    /**
     * Calls {@code field} for each property of the object whose {@code START_OBJECT} is the current
     * token, with the parser on the property's value, which {@code field} must consume (read or
     * {@link JsonParser#skipChildren() skip}). Ends on the object's {@code END_OBJECT}. Does nothing
     * but skip the value when the current token does not start an object.
     *
     * @return whether the value was an object
     */
    public static boolean forEachField(JsonParser parser, FieldReader field) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return false;
        }
        String name;
        while ((name = parser.nextName()) != null) {
            parser.nextToken();
            field.read(name, parser);
        }
        return true;
    }

    /** Reads one property's value; see {@link #forEachField}. */
    @FunctionalInterface
    public interface FieldReader {

        /**
         * @param name the property name (interned by the parser; compare with {@code equals})
         * @param parser positioned on the first token of the value
         */
        void read(String name, JsonParser parser);
    }
}
