package io.aigw.filters.license;

import io.aigw.filters.json.JsonMappers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A YAML or JSON document read into a small tree whose every node remembers its line, because
 * Jackson's own {@code JsonNode} tree drops locations and registry errors must name the line.
 * Scalars keep their source text whatever type they resolved to, so {@code number: 202601010001}
 * stays a string. Duplicate mapping keys are rejected here. Package-private: the registry parser's
 * helper.
 */
final class LocatedTree {

    private static final YAMLMapper YAML = JsonMappers.yaml();
    private static final JsonMapper JSON = JsonMappers.json();

    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();
    }

    /** A scalar; {@code text} is null for YAML null ({@code ~}, {@code null}, or nothing). */
    record Scalar(String text, int line) implements Node {
    }

    record Entry(String key, int keyLine, Node value) {
    }

    record Mapping(Map<String, Entry> entries, int line) implements Node {
    }

    record Sequence(List<Node> items, int line) implements Node {
    }

    private LocatedTree() {
    }

    /**
     * Reads one YAML document.
     *
     * @return the root node, or null for an empty document
     * @throws RegistryException for malformed YAML or a duplicate key, naming {@code source} and the line
     */
    static Node readYaml(String yaml, String source) {
        return read(YAML, "YAML", yaml, source);
    }

    /** As {@link #readYaml}, for one JSON document. */
    static Node readJson(String json, String source) {
        return read(JSON, "JSON", json, source);
    }

    private static Node read(ObjectMapper mapper, String format, String text, String source) {
        try (JsonParser parser = mapper.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            return readValue(parser, token, source);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNr(), 0);
            throw new RegistryException(source, line, "malformed " + format + " (" + e.getOriginalMessage() + ")",
                    null, e);
        }
    }

    private static Node readValue(JsonParser parser, JsonToken token, String source) {
        int line = parser.currentTokenLocation().getLineNr();
        switch (token) {
            case START_OBJECT: {
                var entries = new LinkedHashMap<String, Entry>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    Node value = readValue(parser, parser.nextToken(), source);
                    if (entries.putIfAbsent(key, new Entry(key, keyLine, value)) != null) {
                        throw new RegistryException(source, keyLine, "duplicate key", key, null);
                    }
                }
                return new Mapping(entries, line);
            }
            case START_ARRAY: {
                var items = new ArrayList<Node>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(readValue(parser, t, source));
                }
                return new Sequence(items, line);
            }
            case VALUE_NULL:
                return new Scalar(null, line);
            default:
                return new Scalar(parser.getText(), line);
        }
    }
}
