package io.aigw.filters.protocol;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The JSON copy the request walks share: a value read token by token from {@link #parser} and, when
 * {@link #out} is set, written to it unchanged (numbers with their exact text). {@link RequestWalk} checks
 * what it copies by overriding the hooks; {@link PromptWalk} walks a body that was checked already.
 */
abstract class JsonCopyWalk {

    JsonParser parser;
    /** Where the copy goes; null when the walk only reads. */
    JsonGenerator out;

    /** Copies the value starting at {@code token}. */
    final void copy(JsonToken token) {
        switch (token) {
            case START_OBJECT -> {
                startObject();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    name();
                    copy(parser.nextToken());
                }
                endObject();
            }
            case START_ARRAY -> {
                startArray();
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
                    copy(element);
                }
                endArray();
            }
            case VALUE_STRING -> {
                char[] chars = parser.getStringCharacters();
                int offset = parser.getStringOffset();
                int length = parser.getStringLength();
                checkString(chars, offset, length);
                if (out != null) {
                    out.writeString(chars, offset, length);
                }
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                checkNumber(token);
                if (out != null) {
                    out.writeNumber(parser.getString());
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                if (out != null) {
                    out.writeBoolean(token == JsonToken.VALUE_TRUE);
                }
            }
            case VALUE_NULL -> {
                if (out != null) {
                    out.writeNull();
                }
            }
            default -> throw new ProtocolException(ErrorKind.INVALID_JSON, "request body is not valid JSON: unexpected " + token);
        }
    }

    /** Checks the string value the parser is on before it is copied; nothing here. */
    void checkString(char[] chars, int offset, int length) {
    }

    /** Checks the number value ({@code token}) the parser is on before it is copied; nothing here. */
    void checkNumber(JsonToken token) {
    }

    /** The current property name, copied. */
    String name() {
        String name = parser.currentName();
        if (out != null) {
            out.writeName(name);
        }
        return name;
    }

    void startObject() {
        if (out != null) {
            out.writeStartObject();
        }
    }

    void endObject() {
        if (out != null) {
            out.writeEndObject();
        }
    }

    final void startArray() {
        if (out != null) {
            out.writeStartArray();
        }
    }

    final void endArray() {
        if (out != null) {
            out.writeEndArray();
        }
    }
}
