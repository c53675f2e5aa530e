package io.aigw.gateway.upstream;

import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.UpstreamWire;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import java.net.URI;
import org.springframework.http.HttpHeaders;

/**
 * Applies a protocol's {@link UpstreamWire} to Spring's request types: the upstream URL of an API path on
 * a route's base URL, and the upstream credential and default headers. Every place that points a request
 * at an upstream (the protocol filter, fallbacks, the non-chat endpoints) goes through here. Stateless.
 */
public final class UpstreamRequests {

    private UpstreamRequests() {
    }

    /** The upstream URL of {@code apiPath} (a client path such as {@code /v1/embeddings}) on the base URL {@code base}. */
    public static URI url(URI base, Protocol protocol, String apiPath) {
        String path = ProtocolAdapters.of(protocol).wire().upstreamPath(base.getRawPath(), apiPath);
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
    }

    /**
     * Replaces whatever credentials {@code headers} carry (the client's, in any protocol's header) with
     * {@code upstreamKey} in the protocol's credential header; none when the key is null (keyless upstreams
     * such as a local Ollama). Adds the protocol's default headers the request does not carry.
     */
    public static void authorize(HttpHeaders headers, Protocol protocol, String upstreamKey) {
        for (Protocol any : Protocol.values()) {
            headers.remove(ProtocolAdapters.of(any).wire().credentialHeader());
        }
        UpstreamWire wire = ProtocolAdapters.of(protocol).wire();
        if (upstreamKey != null) {
            headers.set(wire.credentialHeader(), wire.credentialValue(upstreamKey));
        }
        wire.defaultHeaders().forEach((name, value) -> {
            if (!headers.containsHeader(name)) {
                headers.set(name, value);
            }
        });
    }

    /** The name of the header that carries the upstream key of {@code protocol}. */
    public static String credentialHeader(Protocol protocol) {
        return ProtocolAdapters.of(protocol).wire().credentialHeader();
    }
}
