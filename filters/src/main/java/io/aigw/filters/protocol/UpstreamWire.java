package io.aigw.filters.protocol;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How one protocol's requests travel: the API paths clients call, how a route's base URL relates to
 * them, where the upstream credential goes, the headers every upstream request carries, and the client
 * headers every route forwards. Held by the protocol's {@link ProtocolAdapter} so that this knowledge is
 * written once: the gateway's protocol filter, its fallbacks and its upstream-body filter all read it here.
 *
 * @param paths the client-facing path of each endpoint the protocol has, e.g. chat: {@code /v1/chat/completions}
 * @param baseUrlPrefix the leading part of the client paths that a base URL of this protocol already
 *        ends with: {@code /v1} for OpenAI (SDKs take {@code https://api.openai.com/v1},
 *        {@code https://dashscope.aliyuncs.com/compatible-mode/v1}), empty for Anthropic
 *        ({@code https://api.anthropic.com})
 * @param credentialHeader the lower-case name of the header carrying the upstream key
 * @param bearer whether the key is sent as {@code Bearer <key>} (otherwise as the bare key)
 * @param defaultHeaders lower-case name to value: set on every upstream request that does not carry the header
 * @param forwardedHeaders lower-case names of the client request headers every route of the protocol forwards
 * @param clientHeaders lower-case names of request headers only this protocol's clients send (detection)
 */
public record UpstreamWire(Map<ApiEndpoint, String> paths, String baseUrlPrefix, String credentialHeader, boolean bearer,
                           Map<String, String> defaultHeaders, Set<String> forwardedHeaders, Set<String> clientHeaders) {

    public UpstreamWire {
        paths = Map.copyOf(paths);
        if (!paths.containsKey(ApiEndpoint.CHAT)) {
            throw new IllegalArgumentException("no chat path");
        }
        for (String path : paths.values()) {
            if (!path.startsWith(baseUrlPrefix)) {
                throw new IllegalArgumentException(path + " does not start with " + baseUrlPrefix);
            }
        }
        credentialHeader = credentialHeader.toLowerCase(Locale.ROOT);
        defaultHeaders = Map.copyOf(defaultHeaders);
        forwardedHeaders = Set.copyOf(forwardedHeaders);
        clientHeaders = Set.copyOf(clientHeaders);
    }

    /** The client-facing chat path, e.g. {@code /v1/chat/completions}. */
    public String chatPath() {
        return paths.get(ApiEndpoint.CHAT);
    }

    /**
     * The client-facing path of {@code endpoint}.
     *
     * @throws IllegalArgumentException when the protocol has no such endpoint
     */
    public String path(ApiEndpoint endpoint) {
        String path = paths.get(endpoint);
        if (path == null) {
            throw new IllegalArgumentException("the protocol has no " + endpoint.name().toLowerCase(java.util.Locale.ROOT) + " endpoint");
        }
        return path;
    }

    /** The value of {@link #credentialHeader()} for the upstream key {@code key}. */
    public String credentialValue(String key) {
        return bearer ? "Bearer " + key : key;
    }

    /**
     * The upstream path of the client API path {@code apiPath} on a base URL whose path is {@code basePath}:
     * the base path (trailing slashes dropped) plus {@code apiPath} without {@link #baseUrlPrefix()}.
     * {@code /v1/chat/completions} on {@code /compatible-mode/v1} is {@code /compatible-mode/v1/chat/completions};
     * {@code /v1/messages} on an empty base path is {@code /v1/messages}.
     *
     * @throws IllegalArgumentException when {@code apiPath} does not start with {@link #baseUrlPrefix()}
     */
    public String upstreamPath(String basePath, String apiPath) {
        if (!apiPath.startsWith(baseUrlPrefix)) {
            throw new IllegalArgumentException(apiPath + " is not under " + baseUrlPrefix);
        }
        String base = basePath == null ? "" : basePath;
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        return base.substring(0, end) + apiPath.substring(baseUrlPrefix.length());
    }

    /** The upstream path of the chat endpoint on a base URL whose path is {@code basePath}. */
    public String chatUpstreamPath(String basePath) {
        return upstreamPath(basePath, chatPath());
    }
}
