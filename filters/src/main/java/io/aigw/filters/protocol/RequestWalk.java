package io.aigw.filters.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * One strict streaming pass over a chat request body, without building a tree: what the policies read
 * ({@code model}, {@code stream}, each message's role and text) is taken from the same tokens that are
 * validated, and, when rewriting, copied to the new body, so that what goes upstream is exactly what
 * was judged. A body is refused unless it is one JSON object in UTF-8 without a byte order mark, with
 * no key twice in any object, no unpaired surrogate in any string, no integer beyond 64 bits, no number
 * beyond a double's range, nothing after the object, and (from Jackson's defaults) no comments,
 * {@code NaN}/{@code Infinity}, single quotes or trailing commas. Memory: the texts read plus 16 bytes
 * per key of the objects still open; the counts are capped by {@link RequestLimits}, checked as the
 * items are met.
 *
 * <p>Text slots: each string {@code content} (and Anthropic {@code system}), and each string {@code text}
 * of an object in a content array, numbered in document order. A slot of a part whose {@code type} is
 * {@code text} is prompt text; the others (an image's {@code text}, say) are only numbered. Used by one
 * thread, once.
 */
final class RequestWalk extends JsonCopyWalk {

    /** Top-level fields the protocols define as integer counts: a value beyond 32 bits is refused. */
    private static final List<String> COUNT_FIELDS = List.of("max_tokens", "max_completion_tokens", "n", "top_k", "top_logprobs");
    private static final int MAX_QUOTED_NAME = 64;
    /** Where each protocol names the format of the answer it asks for (its {@code type} is kept). */
    private static final Map<Protocol, String> ANSWER_FORMAT_FIELD =
            Map.of(Protocol.OPENAI, "response_format", Protocol.ANTHROPIC, "output_format");

    private final Protocol protocol;
    private final RequestLimits limits;
    private final Map<Integer, String> replacements;
    private final String model;
    private final PropertyNames names = new PropertyNames(RequestCodec.NAME_HASH_SEED);

    private String modelRead;
    private boolean messagesRead;
    private boolean stream;
    private ChatMessage system;
    private final List<ChatMessage> messages = new ArrayList<>();
    private String answerFormat;
    private int parts;
    private int slots;
    private ProtocolException fieldError;

    /**
     * @param replacements text per slot number to write (and read) instead of the body's; empty to keep all
     * @param model the model to write instead of the body's; null to keep it
     */
    private RequestWalk(Protocol protocol, RequestLimits limits, Map<Integer, String> replacements, String model) {
        this.protocol = protocol;
        this.limits = limits;
        this.replacements = replacements;
        this.model = model;
    }

    /**
     * Reads {@code raw}.
     *
     * @throws ProtocolException for a body that is not valid UTF-8 JSON as described above (with the key or
     *     path at fault), over {@code limits}, or without the fields the protocol requires
     */
    static ChatRequest decode(Protocol protocol, byte[] raw, RequestLimits limits) {
        return new RequestWalk(protocol, limits, Map.of(), null).read(raw, false);
    }

    /**
     * Re-encodes {@code raw} (a body that decoded) with the given slots' texts and, when not null, the
     * model replaced; everything else keeps its value (numbers their exact text).
     */
    static ChatRequest rewrite(Protocol protocol, byte[] raw, Map<Integer, String> replacements, String model) {
        return new RequestWalk(protocol, RequestLimits.NONE, replacements, model).read(raw, true);
    }

    private ChatRequest read(byte[] raw, boolean copy) {
        Json.requireUtf8JsonText(raw);
        ByteArrayOutputStream bytes = copy ? new ByteArrayOutputStream(raw.length + 64) : null;
        try (JsonParser p = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), raw);
             JsonGenerator g = copy ? Json.MAPPER.createGenerator(bytes) : null) {
            parser = p;
            out = g;
            readRoot();
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (fieldError != null) {
            throw fieldError;
        }
        if (modelRead == null) {
            throw new ProtocolException(ErrorKind.MISSING_FIELD, "missing required field 'model'");
        }
        if (!messagesRead) {
            throw new ProtocolException(ErrorKind.MISSING_FIELD, "missing required field 'messages'");
        }
        List<ChatMessage> all = messages;
        if (system != null) {
            all = new ArrayList<>(messages.size() + 1);
            all.add(system);
            all.addAll(messages);
        }
        return new ChatRequest(protocol, model != null ? model : modelRead, stream, all, copy ? bytes.toByteArray() : raw,
                answerFormat);
    }

    private void readRoot() {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body must be a JSON object");
        }
        startObject();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = name();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "model" -> readModel(value);
                case "stream" -> readStream(value);
                case "messages" -> readMessages(value);
                case "system" -> {
                    if (protocol == Protocol.ANTHROPIC && value != JsonToken.VALUE_NULL) {
                        system = new ChatMessage("system", readContent(value));
                    } else {
                        copy(value);
                    }
                }
                case "response_format", "output_format" -> {
                    if (name.equals(ANSWER_FORMAT_FIELD.get(protocol))) {
                        readAnswerFormat(value);
                    } else {
                        copy(value);
                    }
                }
                default -> {
                    if (COUNT_FIELDS.contains(name)) {
                        requireInt32(name, value);
                    }
                    copy(value);
                }
            }
        }
        endObject();
        if (parser.nextToken() != null) {
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body must be one JSON object with nothing after it");
        }
    }

    private void readModel(JsonToken value) {
        if (value == JsonToken.VALUE_STRING) {
            String read = string();
            if (read.isBlank()) {
                fieldError(ErrorKind.INVALID_FIELD, "field 'model' must be a non-empty string");
            } else {
                modelRead = read;
            }
            if (out != null) {
                out.writeString(model != null ? model : read);
            }
        } else {
            if (value != JsonToken.VALUE_NULL) {
                fieldError(ErrorKind.INVALID_FIELD, "field 'model' must be a non-empty string");
            }
            copy(value);
        }
    }

    private void readStream(JsonToken value) {
        if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
            stream = value == JsonToken.VALUE_TRUE;
        } else if (value != JsonToken.VALUE_NULL) {
            fieldError(ErrorKind.INVALID_FIELD, "field 'stream' must be a boolean");
        }
        copy(value);
    }

    private void readMessages(JsonToken value) {
        if (value != JsonToken.START_ARRAY) {
            if (value != JsonToken.VALUE_NULL) {
                messagesRead = true;
                fieldError(ErrorKind.INVALID_FIELD, "field 'messages' must be an array");
            }
            copy(value);
            return;
        }
        messagesRead = true;
        startArray();
        int index = 0;
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (index == limits.maxMessages()) {
                throw new ProtocolException(ErrorKind.REQUEST_LIMIT, "the request has more than " + limits.maxMessages()
                        + " messages (aigw.limits.max-messages)", "too_many_messages");
            }
            if (element == JsonToken.START_OBJECT) {
                readMessage(index);
            } else {
                fieldError(ErrorKind.INVALID_FIELD, "messages[" + index + "] must be an object with a string 'role'");
                copy(element);
            }
            index++;
        }
        endArray();
    }

    private void readMessage(int index) {
        startObject();
        String role = null;
        String text = "";
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = name();
            JsonToken value = parser.nextToken();
            if (name.equals("role") && value == JsonToken.VALUE_STRING) {
                role = string();
                if (out != null) {
                    out.writeString(role);
                }
            } else if (name.equals("content")) {
                text = readContent(value);
            } else {
                copy(value);
            }
        }
        endObject();
        if (role == null) {
            fieldError(ErrorKind.INVALID_FIELD, "messages[" + index + "] must be an object with a string 'role'");
        } else if (fieldError == null) {
            messages.add(new ChatMessage(role, text));
        }
    }

    /** A message {@code content} (or {@code system}): its prompt text, the text parts joined with {@code \n}. */
    private String readContent(JsonToken value) {
        if (value == JsonToken.VALUE_STRING) {
            return promptText(slots++, string());
        }
        if (value != JsonToken.START_ARRAY) {
            copy(value);
            return "";
        }
        startArray();
        String joined = null;
        StringBuilder more = null;
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (parts == limits.maxContentParts()) {
                throw new ProtocolException(ErrorKind.REQUEST_LIMIT, "the request has more than " + limits.maxContentParts()
                        + " content parts (aigw.limits.max-content-parts)", "too_many_content_parts");
            }
            parts++;
            String text = element == JsonToken.START_OBJECT ? readPart() : null;
            if (element != JsonToken.START_OBJECT) {
                copy(element);
            }
            if (text == null) {
                continue;
            }
            if (joined == null) {
                joined = text;
            } else {
                if (more == null) {
                    more = new StringBuilder(joined);
                }
                more.append('\n').append(text);
            }
        }
        endArray();
        return more != null ? more.toString() : joined != null ? joined : "";
    }

    /** An answer format object: copied, its string {@code type} kept as {@link #answerFormat}. */
    private void readAnswerFormat(JsonToken value) {
        if (value != JsonToken.START_OBJECT) {
            copy(value);
            return;
        }
        startObject();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = name();
            JsonToken member = parser.nextToken();
            if (name.equals("type") && member == JsonToken.VALUE_STRING) {
                answerFormat = string();
                if (out != null) {
                    out.writeString(answerFormat);
                }
            } else {
                copy(member);
            }
        }
        endObject();
    }

    /** A content part; its prompt text when it is a text part, else null. */
    private String readPart() {
        startObject();
        String type = null;
        String text = null;
        int slot = -1;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = name();
            JsonToken value = parser.nextToken();
            if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                type = string();
                if (out != null) {
                    out.writeString(type);
                }
            } else if (name.equals("text") && value == JsonToken.VALUE_STRING) {
                slot = slots++;
                text = string();
                if (out != null) {
                    out.writeString(replacements.getOrDefault(slot, text));
                }
            } else {
                copy(value);
            }
        }
        endObject();
        if (!"text".equals(type) || text == null) {
            return null;
        }
        return replacements.getOrDefault(slot, text);
    }

    /** A string content slot, written (replaced when asked) and returned as sent. */
    private String promptText(int slot, String text) {
        String sent = replacements.getOrDefault(slot, text);
        if (out != null) {
            out.writeString(sent);
        }
        return sent;
    }

    @Override
    void checkString(char[] chars, int offset, int length) {
        requireWellFormed(chars, offset, length, "a string");
    }

    @Override
    void checkNumber(JsonToken token) {
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw outOfRange("an integer beyond 64 bits");
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT && Double.isInfinite(parser.getDoubleValue())) {
            throw outOfRange("a number beyond the range of a double");
        }
    }

    private void requireInt32(String name, JsonToken value) {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            return;
        }
        boolean fits = value == JsonToken.VALUE_NUMBER_INT
                ? parser.getNumberType() == JsonParser.NumberType.INT
                : Math.abs(parser.getDoubleValue()) <= Integer.MAX_VALUE;
        if (!fits) {
            throw new ProtocolException(ErrorKind.INVALID_FIELD, "field '" + name + "' must fit in a 32-bit integer", "number_out_of_range");
        }
    }

    private ProtocolException outOfRange(String what) {
        return new ProtocolException(ErrorKind.INVALID_FIELD, "request body holds " + what + " at " + path(), "number_out_of_range");
    }

    /** The current property name, checked for duplicates and surrogates, and copied. */
    @Override
    String name() {
        String name = parser.currentName();
        requireWellFormed(name, "a key");
        if (!names.add(name)) {
            String quoted = name.length() > MAX_QUOTED_NAME ? name.substring(0, MAX_QUOTED_NAME) + "…" : name;
            throw new ProtocolException(ErrorKind.INVALID_JSON, "duplicate key '" + quoted + "' in the object at "
                    + path(parser.streamReadContext().getParent()), "duplicate_key");
        }
        if (out != null) {
            out.writeName(name);
        }
        return name;
    }

    /** The current string value, checked for unpaired surrogates. */
    private String string() {
        String value = parser.getString();
        requireWellFormed(value, "a string");
        return value;
    }

    private void requireWellFormed(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw unpairedSurrogate(what);
                }
            }
        }
    }

    private void requireWellFormed(char[] chars, int offset, int length, String what) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                    i++;
                } else {
                    throw unpairedSurrogate(what);
                }
            }
        }
    }

    private ProtocolException unpairedSurrogate(String what) {
        return new ProtocolException(ErrorKind.INVALID_ENCODING,
                "request body holds " + what + " with an unpaired surrogate (\\uD800-\\uDFFF escape) at " + path());
    }

    private void fieldError(ErrorKind kind, String message) {
        if (fieldError == null) {
            fieldError = new ProtocolException(kind, message);
        }
    }

    private String path() {
        return path(parser.streamReadContext());
    }

    private static String path(tools.jackson.core.TokenStreamContext context) {
        String pointer = context == null ? "" : context.pathAsPointer().toString();
        return pointer.isEmpty() ? "/" : pointer;
    }

    @Override
    void startObject() {
        names.enter();
        super.startObject();
    }

    @Override
    void endObject() {
        names.exit();
        super.endObject();
    }
}
