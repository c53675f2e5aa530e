package io.aigw.gateway.moderation;

import io.aigw.filters.content.Action;
import io.aigw.filters.content.ContentMatch;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a moderation service decided about some texts.
 *
 * @param decision the strongest action among the flagged categories ({@link Decision#ALLOW} when none)
 * @param categories the flagged categories, in the service's words; {@code unavailable} when there was no verdict
 * @param unavailable whether the service gave no verdict (timeout, error, open breaker) and the fail mode decided
 */
public record ModerationVerdict(Decision decision, Set<String> categories, boolean unavailable) {

    /** The category recorded when a service gave no verdict. */
    static final String UNAVAILABLE = "unavailable";

    public ModerationVerdict {
        categories = Set.copyOf(categories);
    }

    /** What happens to the texts. */
    public enum Decision { ALLOW, FLAG, BLOCK }

    /** For metrics: allow, flag, block, or unavailable. */
    String label() {
        return unavailable ? UNAVAILABLE : decision.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The verdict as content matches for the audit line and the content metrics: one per category, named
     * {@code moderation:<service>:<category>}, over the first char. None for an allowed text.
     */
    List<ContentMatch> matches(String service) {
        if (decision == Decision.ALLOW) {
            return List.of();
        }
        Action action = decision == Decision.BLOCK ? Action.BLOCK : Action.FLAG;
        return categories.stream().sorted().map(category -> new ContentMatch("moderation:" + service + ":" + category, 0, 1, action))
                .toList();
    }
}
