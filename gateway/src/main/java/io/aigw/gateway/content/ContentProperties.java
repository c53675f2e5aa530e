package io.aigw.gateway.content;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.aigw.filters.content.Evasions;
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
 * @param evasions the evasion spellings matched besides the terms (see {@link EvasionSettings})
 * @param profiles named action sets a route selects with {@code - ContentFilter=<name>}; each starts from
 *     the global actions. {@code strict} (every category blocked) exists unless configured.
 */
@ConfigurationProperties("aigw.content")
public record ContentProperties(
        @DefaultValue("config/lexicons") Path lexiconDir,
        @DefaultValue("6") int maxGap,
        @DefaultValue("true") boolean piiDetection,
        @DefaultValue("block") String defaultAction,
        Map<String, String> actions,
        @DefaultValue("true") boolean scanPrompts,
        @DefaultValue("true") boolean scanCompletions,
        @DefaultValue("抱歉，该回答因内容安全策略未能提供。(This answer was withheld by the content policy.)") String refusalText,
        @DefaultValue("5s") Duration reloadInterval,
        @DefaultValue EvasionSettings evasions,
        Map<String, Profile> profiles) {

    public ContentProperties {
        evasions = evasions == null ? new EvasionSettings(true, true, List.of(), List.of(), 65536) : evasions;
        actions = actions == null ? Map.of() : Map.copyOf(actions);
        profiles = profiles == null ? Map.of() : Map.copyOf(profiles);
    }

    /**
     * {@code aigw.content.evasions.*}.
     *
     * @param pinyin pinyin spellings of Chinese terms (full, glued, tone numbers, mixed with characters)
     * @param rot13 ROT13 of terms with Latin letters
     * @param pinyinInitials categories whose Chinese terms also match their pinyin initials
     * @param homophones categories whose Chinese terms also match with same-reading characters swapped in
     * @param decodeLimit most encoded chars (base64, percent, HTML references, backslash-u) decoded per prompt
     *     text for a second scan; 0 turns decoding off
     */
    public record EvasionSettings(
            @DefaultValue("true") boolean pinyin,
            @DefaultValue("true") boolean rot13,
            List<String> pinyinInitials,
            List<String> homophones,
            @DefaultValue("65536") int decodeLimit) {
        public EvasionSettings {
            pinyinInitials = pinyinInitials == null ? List.of() : List.copyOf(pinyinInitials);
            homophones = homophones == null ? List.of() : List.copyOf(homophones);
        }

        /** As the matcher's {@link Evasions}. */
        public Evasions toEvasions() {
            return new Evasions(pinyin, rot13, Set.copyOf(pinyinInitials), Set.copyOf(homophones));
        }
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
