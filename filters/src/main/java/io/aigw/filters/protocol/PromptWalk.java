package io.aigw.filters.protocol;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Every text a model reads in a request body that {@link RequestWalk} accepted, found by one streaming
 * pass (no tree), and written back with some of them replaced. What is read, per protocol:
 * <ul>
 *   <li>both: each message's {@code content} (a string, or an array of strings and content parts), the
 *       tool definitions and the tool choice, and the answer format's schema (every string value and key);</li>
 *   <li>OpenAI: a message's {@code name} and {@code refusal}, {@code tool_calls[].function} and
 *       {@code function_call} (the name, and the string values and keys of the {@code arguments} JSON text;
 *       the whole text when it is not JSON), {@code functions}, {@code prediction}; parts {@code text},
 *       {@code refusal}, a {@code file}'s name ({@code image_url} and {@code input_audio} carry no text);</li>
 *   <li>Anthropic: {@code system} (a string or blocks); blocks {@code text}, {@code document} (a text or
 *       content source, its title and context), {@code search_result}, {@code tool_use}/{@code server_tool_use}/
 *       {@code mcp_tool_use} (name and every string of {@code input}), {@code tool_result}/{@code mcp_tool_result}
 *       (string or blocks), {@code thinking}, and the server tools' {@code *_tool_result} blocks (every string
 *       but encrypted content, signatures and base64 data); {@code image}, {@code redacted_thinking} and
 *       {@code container_upload} carry no readable text.</li>
 * </ul>
 * A content that is neither a string, null nor an array, an array element that is neither a string nor
 * an object, a part of a type not listed, or a document source of another type is refused: what the walk
 * does not understand is never forwarded unscanned.
 *
 * <p>Texts come in <em>runs</em>: the adjacent text parts of one content (strings and {@code text}/{@code
 * refusal} parts, and the parts without text between them, up to the next other part) are one run, which the model reads as one text; every other
 * text is a run of its own. Each text is a <em>slot</em>, numbered in document order; a rewrite replaces
 * slots by number. Memory: the texts of one run, and the depth of the body. Used by one thread, once.
 */
final class PromptWalk extends JsonCopyWalk {

    /** Told each run: the number of its first slot and its texts (slots {@code first}, {@code first + 1}, …). */
    interface Runs {
        void run(int firstSlot, List<String> texts);
    }

    /** Keys of server tool results whose values are opaque to a model reader (encrypted, signed or base64). */
    private static final Set<String> OPAQUE_KEYS = Set.of("encrypted_content", "encrypted_index", "signature", "data");

    /**
     * Most levels of parts inside parts (a document's or tool result's blocks): the protocols nest two, and
     * each level reads its parts' types ahead, so the depth bounds the work per body byte.
     */
    static final int MAX_PART_DEPTH = 4;

    private final Protocol protocol;
    private final byte[] raw;
    private final Runs runs;
    private final Map<Integer, String> replacements;
    private int slots;
    private int replaced;
    private int partDepth;
    private final List<String> run = new ArrayList<>();
    private int runStart;

    private PromptWalk(Protocol protocol, byte[] raw, Runs runs, Map<Integer, String> replacements) {
        this.protocol = protocol;
        this.raw = raw;
        this.runs = runs;
        this.replacements = replacements;
    }

    /**
     * Tells {@code runs} every run of prompt text of {@code raw}, a body {@link RequestWalk} decoded.
     *
     * @throws ProtocolException {@link ErrorKind#INVALID_FIELD} (code {@code unsupported_content}) for a shape
     *     the walk does not understand
     */
    static void visit(Protocol protocol, byte[] raw, Runs runs) {
        new PromptWalk(protocol, raw, runs, Map.of()).walk(false);
    }

    /** {@code raw} re-encoded with the given slots' texts; everything else keeps its value. */
    static byte[] rewrite(Protocol protocol, byte[] raw, Map<Integer, String> replacements) {
        return new PromptWalk(protocol, raw, null, replacements).walk(true);
    }

    private byte[] walk(boolean copy) {
        ByteArrayOutputStream bytes = copy ? new ByteArrayOutputStream(raw.length + 64) : null;
        try (JsonParser p = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), raw);
             JsonGenerator g = copy ? Json.MAPPER.createGenerator(bytes) : null) {
            parser = p;
            out = g;
            root();
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorKind.INVALID_JSON, "request body is not valid JSON: " + e.getOriginalMessage());
        }
        return copy ? bytes.toByteArray() : null;
    }

    private void root() {
        parser.nextToken();
        startObject();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = name();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "messages" -> messages(value);
                case "system" -> {
                    if (protocol == Protocol.ANTHROPIC) {
                        content(value, "system");
                    } else {
                        copy(value);
                    }
                }
                case "tools", "tool_choice" -> strings(value, false);
                case "functions", "response_format", "prediction" -> {
                    if (protocol == Protocol.OPENAI) {
                        openAiTopLevel(name, value);
                    } else {
                        copy(value);
                    }
                }
                case "output_format" -> {
                    if (protocol == Protocol.ANTHROPIC) {
                        strings(value, false);
                    } else {
                        copy(value);
                    }
                }
                default -> copy(value);
            }
        }
        endObject();
    }

    private void openAiTopLevel(String name, JsonToken value) {
        if (name.equals("prediction") && value == JsonToken.START_OBJECT) {
            startObject();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String member = name();
                JsonToken token = parser.nextToken();
                if (member.equals("content")) {
                    content(token, "prediction.content");
                } else {
                    copy(token);
                }
            }
            endObject();
        } else {
            strings(value, false);
        }
    }

    private void messages(JsonToken value) {
        if (value != JsonToken.START_ARRAY) {
            copy(value);
            return;
        }
        startArray();
        int index = 0;
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (element == JsonToken.START_OBJECT) {
                message("messages[" + index + "]");
            } else {
                copy(element);
            }
            index++;
        }
        endArray();
    }

    private void message(String where) {
        startObject();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = name();
            JsonToken value = parser.nextToken();
            if (name.equals("content")) {
                content(value, where + ".content");
            } else if (protocol == Protocol.OPENAI && (name.equals("name") || name.equals("refusal"))) {
                single(value);
            } else if (protocol == Protocol.OPENAI && (name.equals("tool_calls") || name.equals("function_call"))) {
                strings(value, false);
            } else {
                copy(value);
            }
        }
        endObject();
    }

    /** A content: a string (one run), null, or an array of strings and parts; anything else is refused. */
    private void content(JsonToken value, String where) {
        if (value == JsonToken.VALUE_STRING) {
            single(value);
            return;
        }
        if (value == JsonToken.VALUE_NULL) {
            copy(value);
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw unsupported("'" + where + "' must be a string or an array of content parts");
        }
        endRun();
        startArray();
        int index = 0;
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            String at = where + "[" + index++ + "]";
            if (element == JsonToken.VALUE_STRING) {
                slot(parser.getString());
            } else if (element == JsonToken.START_OBJECT) {
                part(at);
            } else {
                throw unsupported("'" + at + "' must be a string or a content part object");
            }
        }
        endArray();
        endRun();
    }

    /**
     * One content part or block, at its start. Text parts join the current run; parts without text (an image)
     * do not end it, so that an image cannot split a term the model reads around it; the others end it.
     */
    private void part(String where) {
        if (partDepth == MAX_PART_DEPTH) {
            throw unsupported("'" + where + "' nests content parts more than " + MAX_PART_DEPTH + " deep");
        }
        partDepth++;
        try {
            typedPart(where);
        } finally {
            partDepth--;
        }
    }

    private void typedPart(String where) {
        String type = typeAhead();
        if (type == null) {
            throw unsupported("'" + where + "' has no string 'type'");
        }
        PartKind kind = PartKind.of(protocol, type);
        if (kind == null) {
            throw unsupported("'" + where + "' has a content part type the gateway does not scan ('" + quoted(type) + "')");
        }
        boolean inRun = kind == PartKind.TEXT || kind == PartKind.NONE;
        if (!inRun) {
            endRun();
        }
        startObject();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = name();
            JsonToken value = parser.nextToken();
            kind.member(this, name, value, where);
        }
        endObject();
        if (!inRun) {
            endRun();
        }
    }

    /** How each part type's members are read. */
    private enum PartKind {
        TEXT {
            @Override
            void member(PromptWalk walk, String name, JsonToken value, String where) {
                if ((name.equals("text") || name.equals("refusal")) && value == JsonToken.VALUE_STRING) {
                    walk.slot(walk.parser.getString());
                } else {
                    walk.copy(value);
                }
            }
        },
        NONE {
            @Override
            void member(PromptWalk walk, String name, JsonToken value, String where) {
                walk.copy(value);
            }
        },
        OPENAI_FILE {
            @Override
            void member(PromptWalk walk, String name, JsonToken value, String where) {
                if (name.equals("file") && value == JsonToken.START_OBJECT) {
                    walk.startObject();
                    while (walk.parser.nextToken() == JsonToken.PROPERTY_NAME) {
                        String member = walk.name();
                        JsonToken token = walk.parser.nextToken();
                        if (member.equals("filename")) {
                            walk.single(token);
                        } else {
                            walk.copy(token);
                        }
                    }
                    walk.endObject();
                } else {
                    walk.copy(value);
                }
            }
        },
        DOCUMENT {
            @Override
            void member(PromptWalk walk, String name, JsonToken value, String where) {
                switch (name) {
                    case "source" -> walk.documentSource(value, where + ".source");
                    case "title", "context" -> walk.single(value);
                    default -> walk.copy(value);
                }
            }
        },
        SEARCH_RESULT {
            @Override
            void member(PromptWalk walk, String name, JsonToken value, String where) {
                switch (name) {
                    case "content" -> walk.content(value, where + ".content");
                    case "title", "source" -> walk.single(value);
                    default -> walk.copy(value);
                }
            }
        },
        TOOL_USE {
            @Override
            void member(PromptWalk walk, String name, JsonToken value, String where) {
                switch (name) {
                    case "input" -> walk.strings(value, false);
                    case "name" -> walk.single(value);
                    default -> walk.copy(value);
                }
            }
        },
        TOOL_RESULT {
            @Override
            void member(PromptWalk walk, String name, JsonToken value, String where) {
                if (name.equals("content")) {
                    walk.content(value, where + ".content");
                } else {
                    walk.copy(value);
                }
            }
        },
        THINKING {
            @Override
            void member(PromptWalk walk, String name, JsonToken value, String where) {
                if (name.equals("thinking")) {
                    walk.single(value);
                } else {
                    walk.copy(value);
                }
            }
        },
        SERVER_TOOL_RESULT {
            @Override
            void member(PromptWalk walk, String name, JsonToken value, String where) {
                if (name.equals("content")) {
                    walk.strings(value, true);
                } else {
                    walk.copy(value);
                }
            }
        };

        abstract void member(PromptWalk walk, String name, JsonToken value, String where);

        /** The kind of a part {@code type} in {@code protocol}; null for a type the walk does not know. */
        static PartKind of(Protocol protocol, String type) {
            if (protocol == Protocol.OPENAI) {
                return switch (type) {
                    case "text", "refusal" -> TEXT;
                    case "image_url", "input_audio" -> NONE;
                    case "file" -> OPENAI_FILE;
                    default -> null;
                };
            }
            return switch (type) {
                case "text" -> TEXT;
                case "image", "redacted_thinking", "container_upload" -> NONE;
                case "document" -> DOCUMENT;
                case "search_result" -> SEARCH_RESULT;
                case "tool_use", "server_tool_use", "mcp_tool_use" -> TOOL_USE;
                case "tool_result", "mcp_tool_result" -> TOOL_RESULT;
                case "thinking" -> THINKING;
                default -> type.endsWith("_tool_result") ? SERVER_TOOL_RESULT : null;
            };
        }
    }

    /** An Anthropic document source: the text of a {@code text} source, the blocks of a {@code content} one. */
    private void documentSource(JsonToken value, String where) {
        if (value != JsonToken.START_OBJECT) {
            throw unsupported("'" + where + "' must be an object");
        }
        String type = typeAhead();
        boolean text = "text".equals(type);
        boolean content = "content".equals(type);
        if (!text && !content && !"base64".equals(type) && !"url".equals(type) && !"file".equals(type)) {
            throw unsupported("'" + where + "' has a source type the gateway does not scan ('" + quoted(type) + "')");
        }
        startObject();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = name();
            JsonToken token = parser.nextToken();
            if (text && name.equals("data")) {
                single(token);
            } else if (content && name.equals("content")) {
                content(token, where + ".content");
            } else {
                copy(token);
            }
        }
        endObject();
    }

    /**
     * Every string value and key of the value at {@code token}, each a run of its own; a string
     * {@code arguments} (a JSON text) is read for its own strings. With {@code skipOpaque}, the values of
     * {@link #OPAQUE_KEYS} are copied unread.
     */
    private void strings(JsonToken token, boolean skipOpaque) {
        switch (token) {
            case START_OBJECT -> {
                endRun();
                startObject();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    nameSlot(name);
                    JsonToken value = parser.nextToken();
                    if (skipOpaque && OPAQUE_KEYS.contains(name)) {
                        copy(value);
                    } else if (name.equals("arguments") && value == JsonToken.VALUE_STRING) {
                        arguments(parser.getString());
                    } else {
                        strings(value, skipOpaque);
                    }
                }
                endObject();
            }
            case START_ARRAY -> {
                startArray();
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
                    strings(element, skipOpaque);
                }
                endArray();
            }
            case VALUE_STRING -> single(token);
            default -> copy(token);
        }
    }

    /**
     * Function-call arguments, a JSON text inside a string: its string values and keys (escapes decoded)
     * when it is JSON, else the whole text. Rewritten only when one of its slots is replaced.
     */
    private void arguments(String json) {
        if (!isOneJsonValue(json)) {
            single(JsonToken.VALUE_STRING);
            return;
        }
        JsonParser outer = parser;
        JsonGenerator outerOut = out;
        int replacedBefore = replaced;
        StringWriter rewritten = outerOut != null ? new StringWriter(json.length() + 16) : null;
        try (JsonParser inner = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), json);
             JsonGenerator innerOut = rewritten != null ? Json.MAPPER.createGenerator(rewritten) : null) {
            parser = inner;
            out = innerOut;
            strings(inner.nextToken(), false);
        } finally {
            parser = outer;
            out = outerOut;
        }
        if (out != null) {
            out.writeString(replaced != replacedBefore ? rewritten.toString() : json);
        }
    }

    private static boolean isOneJsonValue(String json) {
        try (JsonParser p = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), json)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    /**
     * The string {@code type} of the object whose start is the current token, read ahead from the body
     * without moving the walk; null when it has none. Parts name their type anywhere among their keys
     * (openai-java writes {@code text} before {@code type}). Only parts of the body itself are read ahead:
     * the JSON texts inside {@code arguments} strings hold no parts.
     */
    private String typeAhead() {
        JsonParser ahead = parser;
        JsonParser fresh = null;
        try {
            int offset = (int) parser.currentTokenLocation().getByteOffset();
            fresh = Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), raw, offset, raw.length - offset);
            ahead = fresh;
            ahead.nextToken();
            while (ahead.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = ahead.currentName();
                JsonToken value = ahead.nextToken();
                if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                    return ahead.getString();
                }
                ahead.skipChildren();
            }
            return null;
        } finally {
            if (fresh != null) {
                fresh.close();
            }
        }
    }

    /** A string value that is a run of its own (other values are copied). */
    private void single(JsonToken value) {
        if (value != JsonToken.VALUE_STRING) {
            copy(value);
            return;
        }
        endRun();
        slot(parser.getString());
        endRun();
    }

    /** A text slot joining the current run, written (replaced when asked). */
    private void slot(String text) {
        int slot = slots++;
        if (runs != null) {
            if (run.isEmpty()) {
                runStart = slot;
            }
            run.add(text);
        }
        if (out != null) {
            out.writeString(sent(slot, text));
        }
    }

    /** A key read as text: a run of its own, written (replaced when asked). */
    private void nameSlot(String name) {
        endRun();
        int slot = slots++;
        if (runs != null) {
            runs.run(slot, List.of(name));
        }
        if (out != null) {
            out.writeName(sent(slot, name));
        }
    }

    /** What to write for a slot: its replacement (counted) or its text. */
    private String sent(int slot, String text) {
        String replacement = replacements.get(slot);
        if (replacement == null) {
            return text;
        }
        replaced++;
        return replacement;
    }

    private void endRun() {
        if (!run.isEmpty()) {
            List<String> texts = List.copyOf(run);
            run.clear();
            runs.run(runStart, texts);
        }
    }

    private static ProtocolException unsupported(String message) {
        return new ProtocolException(ErrorKind.INVALID_FIELD, message + "; the gateway forwards no prompt it cannot scan",
                "unsupported_content");
    }

    private static String quoted(String type) {
        return type == null ? "" : type.length() > 40 ? type.substring(0, 40) + "…" : type;
    }
}
