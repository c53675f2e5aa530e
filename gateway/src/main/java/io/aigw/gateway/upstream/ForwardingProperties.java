package io.aigw.gateway.upstream;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What every chat route forwards of the client's request besides the protocol's defaults, under
 * {@code aigw.forwarding.} (documented in {@code config/README.md}); a route adds to it with its metadata
 * ({@link ForwardedRequestParts}).
 *
 * @param headers extra client request headers forwarded on every route, default none
 * @param query forward the client's query string on every route, default false
 * @param streamUsage ask OpenAI-compatible upstreams for every stream's token usage
 *     ({@code stream_options.include_usage}), default true: quotas and token meters are charged from it
 */
@ConfigurationProperties("aigw.forwarding")
public record ForwardingProperties(@DefaultValue List<String> headers, @DefaultValue("false") boolean query,
                                   @DefaultValue("true") boolean streamUsage) {

    public ForwardingProperties {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }
}
