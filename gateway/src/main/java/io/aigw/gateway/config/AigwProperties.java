package io.aigw.gateway.config;

import io.aigw.filters.protocol.RequestLimits;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's own settings, under {@code aigw.}; each is documented with its default in
 * {@code config/README.md}.
 *
 * @param limits size caps on what the gateway buffers
 * @param upstream behaviour towards upstream providers
 * @param products where the product registry comes from
 */
@ConfigurationProperties("aigw")
public record AigwProperties(
        @DefaultValue Limits limits,
        @DefaultValue Upstream upstream,
        @DefaultValue Products products) {

    /**
     * @param maxRequestBytes largest request body accepted; larger ones get 413 before being buffered whole
     * @param maxEventBytes largest single server-sent event accepted from an upstream
     * @param maxResponseBytes largest non-streamed upstream answer the pipeline buffers
     * @param maxMessages most {@code messages} entries in one chat request; more get 400 {@code too_many_messages}
     * @param maxContentParts most content parts (array entries of every message {@code content} and of an
     *                        Anthropic {@code system}) in one chat request; more get 400 {@code too_many_content_parts}
     */
    public record Limits(
            @DefaultValue("10MB") DataSize maxRequestBytes,
            @DefaultValue("1MB") DataSize maxEventBytes,
            @DefaultValue("10MB") DataSize maxResponseBytes,
            @DefaultValue("10000") int maxMessages,
            @DefaultValue("20000") int maxContentParts) {

        /** @throws IllegalArgumentException naming a count cap that is not positive */
        public Limits {
            if (maxMessages <= 0) {
                throw new IllegalArgumentException("aigw.limits.max-messages must be positive, got " + maxMessages);
            }
            if (maxContentParts <= 0) {
                throw new IllegalArgumentException("aigw.limits.max-content-parts must be positive, got " + maxContentParts);
            }
        }

        /** The count caps for the request codec. */
        public RequestLimits requestLimits() {
            return new RequestLimits(maxMessages, maxContentParts);
        }
    }

    /**
     * @param idleTimeout longest silence allowed between two chunks of an upstream answer
     */
    public record Upstream(@DefaultValue("60s") Duration idleTimeout) {
    }

    /**
     * @param file the product registry file (format in docs/contract.md, "The registry file")
     * @param reloadInterval how often the file is checked for changes (cheap: one stat, a read only when
     *                       it changed); zero turns reloading off
     */
    public record Products(@DefaultValue("config/products.yaml") Path file,
                           @DefaultValue("2s") Duration reloadInterval) {
    }
}
