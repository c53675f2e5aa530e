package io.aigw.gateway.moderation;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * External moderation services ({@code aigw.moderation.*}), documented with their defaults in
 * {@code config/README.md}; a route uses one with {@code - Moderation=<name>}.
 *
 * @param services the services by name
 */
@ConfigurationProperties("aigw.moderation")
public record ModerationProperties(Map<String, Service> services) {

    public ModerationProperties {
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    /** The wire format of a service. */
    public enum Format {
        /** OpenAI {@code POST /v1/moderations}: {@code {"model","input":[…]}} → {@code {"results":[{"flagged","categories":{…}}]}}. */
        OPENAI,
        /** The gateway's own JSON webhook (config/README.md, "Moderation"). */
        WEBHOOK
    }

    /**
     * One service ({@code aigw.moderation.services.<name>.*}).
     *
     * @param format {@code openai} or {@code webhook}
     * @param url the full URL the texts are POSTed to
     * @param apiKeyEnv the name of the environment variable holding the service's key (sent as
     *     {@code Authorization: Bearer}); none when blank
     * @param model the model named in OpenAI-format requests
     * @param timeout longest wait for one verdict
     * @param failOpen whether texts pass when the service gives no verdict (timeout, error, open breaker);
     *     otherwise the prompt is refused with 503 {@code moderation_unavailable} and the answer is cut
     * @param defaultAction what a flagged category without its own action does: {@code block} or {@code flag}
     * @param actions action per category name of the service ({@code block} or {@code flag})
     * @param segmentChars most answer chars held back before they are sent for a verdict (a stream is
     *     checked segment by segment; a non-streamed answer and a prompt are sent as such segments at once)
     */
    public record Service(
            @DefaultValue("openai") Format format,
            String url,
            String apiKeyEnv,
            @DefaultValue("omni-moderation-latest") String model,
            @DefaultValue("3s") Duration timeout,
            @DefaultValue("false") boolean failOpen,
            @DefaultValue("block") String defaultAction,
            Map<String, String> actions,
            @DefaultValue("1000") int segmentChars) {

        public Service {
            actions = actions == null ? Map.of() : Map.copyOf(actions);
        }
    }
}
