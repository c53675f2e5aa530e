package io.aigw.filters.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Every text a model reads in a Responses API request, found in its tree: {@code instructions};
 * {@code input} (a string, or items: {@code message} items and their {@code content} (a string, or
 * {@code input_text}/{@code output_text}/{@code refusal} parts, the {@code filename} of an
 * {@code input_file}; {@code input_image} and {@code input_audio} carry no text), {@code function_call}
 * (name and arguments), {@code function_call_output} (a string or parts), {@code reasoning} (summary and
 * content texts), the built-in tools' call and output items (every string but ids, statuses and opaque
 * data), {@code item_reference} (no text)); the tool definitions, {@code tool_choice}, {@code text.format}
 * (the answer schema) and {@code prompt} (a stored prompt's variables): every string value and key. An
 * item, part or value of a shape not listed is refused ({@code unsupported_content}): what the walk does
 * not understand is never forwarded unscanned.
 *
 * <p>Texts come in runs, as in the chat walk: the adjacent text parts of one content (with the parts
 * without text between them) are read as one text; a rewrite of such a run must keep its length.
 */
final class ResponsesPrompt {

    /** Input item types whose every string is read, except {@link #UNREAD_KEYS}: built-in tool calls and outputs. */
    private static final Set<String> TOOL_ITEMS = Set.of("web_search_call", "file_search_call", "computer_call",
            "computer_call_output", "local_shell_call", "local_shell_call_output", "shell_call", "shell_call_output",
            "apply_patch_call", "apply_patch_call_output", "mcp_call", "mcp_list_tools", "mcp_approval_request",
            "mcp_approval_response", "custom_tool_call", "custom_tool_call_output", "code_interpreter_call",
            "image_generation_call");
    /** Keys whose values are identifiers, states or opaque data, not text a model reads. */
    private static final Set<String> UNREAD_KEYS = Set.of("id", "call_id", "item_id", "approval_request_id", "type",
            "status", "role", "encrypted_content", "signature", "result", "file_data", "image_url", "file_id");

    private final RequestLimits limits;
    /** The texts of each message read so far, by role, in order (one entry per item). */
    private final List<Map.Entry<String, List<Slot>>> messages = new ArrayList<>();
    private final List<List<Slot>> runs = new ArrayList<>();
    private List<Slot> currentMessage;
    private List<Slot> run = new ArrayList<>();
    private int parts;

    private ResponsesPrompt(RequestLimits limits) {
        this.limits = limits;
    }

    /** The messages the policies read: the instructions (role {@code system}), then one per input item with text. */
    static List<ChatMessage> messages(ObjectNode root, RequestLimits limits) {
        ResponsesPrompt walk = new ResponsesPrompt(limits);
        walk.root(root);
        List<ChatMessage> messages = new ArrayList<>();
        for (Map.Entry<String, List<Slot>> message : walk.messages) {
            StringBuilder text = new StringBuilder();
            for (Slot slot : message.getValue()) {
                text.append(text.isEmpty() ? "" : "\n").append(slot.get());
            }
            messages.add(new ChatMessage(message.getKey(), text.toString()));
        }
        return messages;
    }

    /**
     * Passes every run through {@code rewrite}, changing {@code root} in place.
     *
     * @return whether any text changed
     * @throws IllegalArgumentException when {@code rewrite} changes the length of a run of several parts
     */
    static boolean rewrite(ObjectNode root, UnaryOperator<String> rewrite) {
        ResponsesPrompt walk = new ResponsesPrompt(RequestLimits.NONE);
        walk.root(root);
        List<Map.Entry<Slot, String>> changed = new ArrayList<>();
        for (List<Slot> run : walk.runs) {
            List<String> texts = run.stream().map(Slot::get).toList();
            String text = String.join("", texts);
            String rewritten = rewrite.apply(text);
            if (rewritten.equals(text)) {
                continue;
            }
            if (run.size() == 1) {
                changed.add(Map.entry(run.get(0), rewritten));
                continue;
            }
            if (rewritten.length() != text.length()) {
                throw new IllegalArgumentException("a rewrite of text parts read as one must keep the text's length");
            }
            int at = 0;
            for (int i = 0; i < run.size(); i++) {
                String part = texts.get(i);
                String sent = rewritten.substring(at, at + part.length());
                if (!sent.equals(part)) {
                    changed.add(Map.entry(run.get(i), sent));
                }
                at += part.length();
            }
        }
        // Backwards: a value is written before the key that holds it is renamed.
        for (int i = changed.size() - 1; i >= 0; i--) {
            changed.get(i).getKey().set(changed.get(i).getValue());
        }
        return !changed.isEmpty();
    }

    private void root(ObjectNode root) {
        JsonNode instructions = root.get("instructions");
        if (instructions != null && !instructions.isNull()) {
            if (!instructions.isString()) {
                throw new ProtocolException(ErrorKind.INVALID_FIELD, "field 'instructions' must be a string");
            }
            message("system");
            single(Slot.value(root, "instructions"));
        }
        JsonNode input = root.get("input");
        if (input != null && input.isString()) {
            message("user");
            single(Slot.value(root, "input"));
        } else if (input instanceof ArrayNode items) {
            if (items.size() > limits.maxMessages()) {
                throw new ProtocolException(ErrorKind.REQUEST_LIMIT, "field 'input' has more than " + limits.maxMessages() + " items");
            }
            for (int i = 0; i < items.size(); i++) {
                item(items.get(i), "input[" + i + "]");
            }
        } else if (input != null && !input.isNull()) {
            throw new ProtocolException(ErrorKind.INVALID_FIELD, "field 'input' must be a string or an array of input items");
        }
        currentMessage = null;
        for (String field : List.of("tools", "tool_choice", "prompt")) {
            strings(root, field, Set.of());
        }
        if (root.get("text") instanceof ObjectNode text) {
            strings(text, "format", Set.of());
        }
    }

    private void item(JsonNode node, String where) {
        if (!(node instanceof ObjectNode item)) {
            throw unsupported("'" + where + "' must be an input item object");
        }
        JsonNode typeNode = item.get("type");
        String type = typeNode == null && item.has("role") ? "message" : typeNode != null && typeNode.isString() ? typeNode.stringValue() : null;
        if (type == null) {
            throw unsupported("'" + where + "' has no string 'type'");
        }
        switch (type) {
            case "message" -> {
                String role = item.get("role") != null && item.get("role").isString() ? item.get("role").stringValue() : null;
                if (role == null) {
                    throw new ProtocolException(ErrorKind.MISSING_FIELD, "'" + where + ".role' must be a string");
                }
                message(role);
                content(item, "content", where + ".content");
            }
            case "function_call" -> {
                message("assistant");
                single(Slot.value(item, "name"));
                single(Slot.value(item, "arguments"));
            }
            case "function_call_output" -> {
                message("tool");
                content(item, "output", where + ".output");
            }
            case "reasoning" -> {
                message("assistant");
                for (String field : List.of("summary", "content")) {
                    if (item.get(field) instanceof ArrayNode texts) {
                        for (int i = 0; i < texts.size(); i++) {
                            if (!(texts.get(i) instanceof ObjectNode text)) {
                                throw unsupported("'" + where + "." + field + "[" + i + "]' must be an object");
                            }
                            single(Slot.value(text, "text"));
                        }
                    }
                }
            }
            case "item_reference" -> {
                // An item the upstream stored: no text here.
            }
            default -> {
                if (!TOOL_ITEMS.contains(type)) {
                    throw unsupported("'" + where + "' has an input item type the gateway does not scan ('" + quoted(type) + "')");
                }
                message("tool");
                for (String field : new ArrayList<>(item.propertyNames())) {
                    if (!UNREAD_KEYS.contains(field)) {
                        strings(item, field, UNREAD_KEYS);
                    }
                }
            }
        }
    }

    /** A content: a string (one run), null, or an array of parts; anything else is refused. */
    private void content(ObjectNode holder, String field, String where) {
        JsonNode content = holder.get(field);
        if (content == null || content.isNull()) {
            return;
        }
        if (content.isString()) {
            single(Slot.value(holder, field));
            return;
        }
        if (!(content instanceof ArrayNode array)) {
            throw unsupported("'" + where + "' must be a string or an array of content parts");
        }
        parts += array.size();
        if (parts > limits.maxContentParts()) {
            throw new ProtocolException(ErrorKind.REQUEST_LIMIT, "the request has more than " + limits.maxContentParts() + " content parts");
        }
        endRun();
        for (int i = 0; i < array.size(); i++) {
            part(array.get(i), where + "[" + i + "]");
        }
        endRun();
    }

    private void part(JsonNode node, String where) {
        if (!(node instanceof ObjectNode part) || !(part.get("type") instanceof StringNode typeNode)) {
            throw unsupported("'" + where + "' must be a content part object with a string 'type'");
        }
        switch (typeNode.stringValue()) {
            case "input_text", "output_text" -> inRun(Slot.value(part, "text"));
            case "refusal" -> inRun(Slot.value(part, "refusal"));
            case "input_image", "input_audio" -> {
                // no text; does not end the run around it
            }
            case "input_file" -> single(Slot.value(part, "filename"));
            default -> throw unsupported("'" + where + "' has a content part type the gateway does not scan ('"
                    + quoted(typeNode.stringValue()) + "')");
        }
    }

    /** Every string value and key of {@code holder.field}, each a run of its own; values of {@code unread} keys are skipped. */
    private void strings(ObjectNode holder, String field, Set<String> unread) {
        JsonNode value = holder.get(field);
        if (value == null) {
            return;
        }
        if (value.isString()) {
            single(Slot.value(holder, field));
        } else if (value instanceof ObjectNode object) {
            for (String name : new ArrayList<>(object.propertyNames())) {
                single(Slot.key(object, name));
                if (!unread.contains(name)) {
                    strings(object, name, unread);
                }
            }
        } else if (value instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isString()) {
                    single(Slot.element(array, i));
                } else if (element instanceof ObjectNode object) {
                    ObjectNode wrapper = holderOf(object);
                    strings(wrapper, "", unread);
                } else if (element instanceof ArrayNode) {
                    ObjectNode wrapper = holderOf(element);
                    strings(wrapper, "", unread);
                }
            }
        }
    }

    /** A holder object for a container inside an array, so that {@link #strings} can walk it (its members are shared). */
    private static ObjectNode holderOf(JsonNode container) {
        ObjectNode holder = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        holder.set("", container);
        return holder;
    }

    private void message(String role) {
        endRun();
        currentMessage = new ArrayList<>();
        messages.add(Map.entry(role, currentMessage));
    }

    /** A string value that is a run of its own (absent and null values are skipped; other values refused). */
    private void single(Slot slot) {
        if (slot == null) {
            return;
        }
        endRun();
        run.add(slot);
        endRun();
    }

    private void inRun(Slot slot) {
        if (slot != null) {
            run.add(slot);
        }
    }

    private void endRun() {
        if (!run.isEmpty()) {
            runs.add(run);
            if (currentMessage != null) {
                currentMessage.addAll(run);
            }
            run = new ArrayList<>();
        }
    }

    private static ProtocolException unsupported(String message) {
        return new ProtocolException(ErrorKind.INVALID_FIELD, message + "; the gateway forwards no prompt it cannot scan",
                "unsupported_content");
    }

    private static String quoted(String type) {
        return type.length() > 40 ? type.substring(0, 40) + "…" : type;
    }

    /** A string in the tree: an object member's value or key, or an array element. */
    private record Slot(ObjectNode object, ArrayNode array, String name, int index, boolean key) {

        /** The string value of {@code object.name}; null when absent or null; refused when another kind. */
        static Slot value(ObjectNode object, String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isString()) {
                throw unsupported("'" + name + "' must be a string");
            }
            return new Slot(object, null, name, -1, false);
        }

        static Slot key(ObjectNode object, String name) {
            return new Slot(object, null, name, -1, true);
        }

        static Slot element(ArrayNode array, int index) {
            return new Slot(null, array, null, index, false);
        }

        String get() {
            return key ? name : array != null ? array.get(index).stringValue() : object.get(name).stringValue();
        }

        void set(String text) {
            if (array != null) {
                array.set(index, StringNode.valueOf(text));
            } else if (!key) {
                object.put(name, text);
            } else {
                Map<String, JsonNode> members = new LinkedHashMap<>();
                for (String member : object.propertyNames()) {
                    members.put(member.equals(name) ? text : member, object.get(member));
                }
                object.removeAll();
                object.setAll(members);
            }
        }
    }
}
