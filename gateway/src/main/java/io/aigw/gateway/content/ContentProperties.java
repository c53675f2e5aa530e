package io.aigw.gateway.content;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Content policy settings ({@code aigw.content.*}), documented with their defaults in {@code config/README.md}.
 *
 * @param lexiconDir directory of lexicon files (file name = category, {@code allow.txt} never matches)
 * @param maxGap most characters (spaces, punctuation, symbols) tolerated between two characters of a term
 * @param piiDetection whether the PII detectors run (categories {@code pii-*})
 * @param defaultAction action for categories without their own
 * @param actions action per category: {@code block}, {@code mask} or {@code flag}
 * @param scanPrompts whether prompts are scanned
 * @param scanCompletions whether completions are scanned
 * @param refusalText the content of a non-streamed answer that was blocked
 * @param reloadInterval how often the lexicon directory is checked for changes
 * @param profiles named action sets a route selects with {@code - ContentFilter=<name>}; each starts from
 *     the global actions. {@code strict} (every category blocked) exists unless configured.
 */
@ConfigurationProperties("aigw.content")
public record ContentProperties(
        @DefaultValue("config/lexicons") Path lexiconDir,
        @DefaultValue("3") int maxGap,
        @DefaultValue("true") boolean piiDetection,
        @DefaultValue("block") String defaultAction,
        Map<String, String> actions,
        @DefaultValue("true") boolean scanPrompts,
        @DefaultValue("true") boolean scanCompletions,
        @DefaultValue("抱歉，该回答因内容安全策略未能提供。(This answer was withheld by the content policy.)") String refusalText,
        @DefaultValue("5s") Duration reloadInterval,
        Map<String, Profile> profiles) {

    public ContentProperties {
        actions = actions == null ? Map.of() : Map.copyOf(actions);
        profiles = profiles == null ? Map.of() : Map.copyOf(profiles);
    }

    /**
     * @param defaultAction the profile's default action, or {@code null} to keep the global one
     * @param actions actions per category, over the global ones
     */
    public record Profile(String defaultAction, Map<String, String> actions) {
        public Profile {
            actions = actions == null ? Map.of() : Map.copyOf(actions);
        }
    }
}
