package io.aigw.filters.protocol;

import tools.jackson.databind.JsonNode;

/**
 * JSON text that was already checked to be valid, parsed into a tree on first use and kept: the
 * payload of an event whose decoder read only the fields it needed. Thread-safe: the tree is
 * published through a volatile field; two threads racing on the first use may both parse, and
 * either (equal, read-only) tree is kept.
 */
final class ParsedOnDemand {

    private final String json;
    private volatile JsonNode tree;

    ParsedOnDemand(String json) {
        this.json = json;
    }

    /**
     * The parsed tree; read-only by contract.
     *
     * @throws ProtocolException {@link ErrorKind#UPSTREAM_PROTOCOL} only if the text was not checked
     */
    JsonNode get() {
        JsonNode parsed = tree;
        if (parsed == null) {
            parsed = Json.parseUpstream(json);
            tree = parsed;
        }
        return parsed;
    }

    /** Whether the tree was built: for tests that check a pass-through event never needed it. */
    boolean isParsed() {
        return tree != null;
    }
}
