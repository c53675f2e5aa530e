package io.aigw.filters.license;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A YAML document read into a small tree whose every node remembers its line, because Jackson's
 * own {@code JsonNode} tree drops locations and registry errors must name the line. Scalars keep
 * their source text whatever YAML type they resolved to, so {@code number: 202601010001} stays a
 * string. Duplicate mapping keys are rejected here. Package-private: the registry parser's helper.
 */
final class LocatedYaml {

    private static final YAMLMapper MAPPER = YAMLMapper.builder().build();

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

    private LocatedYaml() {
    }

    /**
     * Reads one YAML document.
     *
     * @return the root node, or null for an empty document
     * @throws RegistryException for malformed YAML or a duplicate key, naming {@code source} and the line
     */
    static Node read(String yaml, String source) {
        try (JsonParser parser = MAPPER.createParser(yaml)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            return readValue(parser, token, source);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNr(), 0);
            throw new RegistryException(source, line, "malformed YAML (" + e.getOriginalMessage() + ")",
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
