package io.aigw.gateway.upstream;

import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.gateway.products.ApiKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;

/**
 * What of the client's request a chat route forwards upstream, where it goes with the operator's key:
 * only the request headers on an allow-list, and the query string only when the route allows it.
 * Everything else the client sent (cookies, {@code OpenAI-Organization}, {@code OpenAI-Project},
 * {@code api-key}, {@code X-Forwarded-*}, SDK telemetry such as {@code X-Stainless-*}, ...) stays at the gateway:
 * it would be attributed to the operator's account, or tell the provider about the client.
 *
 * <p>Defaults (the protocol's {@link io.aigw.filters.protocol.UpstreamWire#forwardedHeaders()}): {@code Accept} and {@code Content-Type} for both protocols,
 * and {@code anthropic-version} for Anthropic (it selects the API version the answer is parsed in).
 * {@code anthropic-beta} and {@code OpenAI-Beta} are not forwarded by default: a beta header switches on
 * provider features (file or URL fetching, other pricing or data handling) that the operator, not the
 * client, should decide on. {@code aigw.forwarding.headers} adds names on every route, a route's metadata
 * {@code forward-headers} (a list, or one comma-separated string) on that route; the query string is
 * forwarded with {@code aigw.forwarding.query: true}, or a route's {@code forward-query: true} (which
 * overrides the global setting either way). The upstream
 * credential header and {@code Content-Length} are the gateway's own and always set by it.
 *
 * <p>A streamed OpenAI Chat Completions request goes to an OpenAI-compatible upstream asking for its
 * token usage ({@code stream_options.include_usage: true}) whatever the client asked, unless the route's
 * {@code stream-usage: false} (or {@code aigw.forwarding.stream-usage: false}) says otherwise: quotas and
 * the token meters are charged from that usage, and a client must not escape them by not asking.
 *
 * @param headers the lower-case names of the client headers forwarded
 * @param query whether the client's query string is forwarded
 * @param streamUsage whether a stream's token usage is asked of an OpenAI-compatible upstream
 */
public record ForwardedRequestParts(Set<String> headers, boolean query, boolean streamUsage) {

    /** Route metadata key: extra client request headers to forward. */
    public static final String FORWARD_HEADERS = "forward-headers";
    /** Route metadata key: forward the client's query string ({@code true}/{@code false}, default false). */
    public static final String FORWARD_QUERY = "forward-query";
    /**
     * Route metadata key: ask an OpenAI-compatible upstream for each stream's token usage
     * ({@code true}/{@code false}, default {@code aigw.forwarding.stream-usage}, true); turn it off only for
     * an upstream that refuses {@code stream_options} (its streams then charge no tokens).
     */
    public static final String STREAM_USAGE = "stream-usage";


    /** Headers a route can never forward from the client: credentials, and what the gateway or Netty sets. */
    private static final Set<String> NEVER = Set.of("authorization", ApiKeys.X_API_KEY, "content-length",
            "transfer-encoding", "host", "connection", "upgrade", "te", "trailer", "keep-alive",
            "proxy-authorization", "proxy-connection", "cookie");

    public ForwardedRequestParts {
        headers = Set.copyOf(headers);
    }

    /**
     * The parts route {@code routeId} of {@code protocol} forwards, from its {@code metadata}.
     *
     * @throws IllegalArgumentException naming the route, the key and the value when a value is invalid
     */
    public static ForwardedRequestParts of(String routeId, Protocol protocol, Map<String, Object> metadata,
                                           ForwardingProperties global) {
        Set<String> headers = new LinkedHashSet<>(ProtocolAdapters.of(protocol).wire().forwardedHeaders());
        List<String> extra = new ArrayList<>(global.headers());
        extra.addAll(names(routeId, metadata.get(FORWARD_HEADERS)));
        for (String raw : extra) {
            String name = raw.strip();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.matches("[!#$%&'*+.^_`|~0-9a-z-]+")) {
                throw new IllegalArgumentException("route '" + routeId + "' metadata: " + FORWARD_HEADERS + ": '" + name
                        + "' is not a header name");
            }
            if (NEVER.contains(lower)) {
                throw new IllegalArgumentException("route '" + routeId + "' metadata: " + FORWARD_HEADERS + ": '" + name
                        + "' is set by the gateway and cannot be forwarded from the client");
            }
            headers.add(lower);
        }
        boolean forwardQuery = flag(routeId, metadata, FORWARD_QUERY, global.query());
        return new ForwardedRequestParts(headers, forwardQuery, flag(routeId, metadata, STREAM_USAGE, global.streamUsage()));
    }

    /** A {@code true}/{@code false} metadata value, or {@code fallback} when the route has none. */
    private static boolean flag(String routeId, Map<String, Object> metadata, String key, boolean fallback) {
        Object value = metadata.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value.toString().strip();
        if (!"true".equals(text) && !"false".equals(text)) {
            throw new IllegalArgumentException("route '" + routeId + "' metadata: " + key + " must be true or false, got '"
                    + value + "'");
        }
        return "true".equals(text);
    }

    private static List<String> names(String routeId, Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        if (value instanceof Map<?, ?> indexed) { // a YAML list bound into the metadata map: {"0": a, "1": b}
            return new TreeMap<>(indexed).values().stream().map(String::valueOf).toList();
        }
        if (value instanceof String text) {
            return text.isBlank() ? List.of() : List.of(text.split(","));
        }
        throw new IllegalArgumentException("route '" + routeId + "' metadata: " + FORWARD_HEADERS
                + " must be a list of header names, got '" + value + "'");
    }

    /**
     * The headers to send upstream: the allowed ones of {@code request}, and the gateway's own
     * {@code credential} header (the upstream key) when {@code request} carries it.
     */
    public HttpHeaders upstreamHeaders(HttpHeaders request, String credential) {
        HttpHeaders upstream = new HttpHeaders();
        for (String name : headers) {
            List<String> values = request.get(name);
            if (values != null) {
                upstream.put(name, values);
            }
        }
        List<String> key = request.get(credential);
        if (key != null) {
            upstream.put(credential, key);
        }
        return upstream;
    }
}
