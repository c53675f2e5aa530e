package io.aigw.filters.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One product's figures in a {@link ComplianceReport}. Immutable.
 *
 * @param product the product id; {@value ComplianceReport#NO_PRODUCT} for requests with an unknown key
 * @param requests record lines (every exchange)
 * @param served exchanges with outcome {@code served}
 * @param denied exchanges with outcome {@code denied}
 * @param blocked exchanges with outcome {@code blocked}
 * @param errors exchanges with outcome {@code error}
 * @param cancelled exchanges with outcome {@code cancelled} (the client went away before the end)
 * @param invalid exchanges with outcome {@code invalid} (unreadable request: 400/413 before decoding)
 * @param licenseDenials license denials by reason code (decision {@code deny})
 * @param wouldDeny monitor-mode decisions that strict mode would have denied, by reason
 * @param promptBlocks blocked prompts by category (each category of a blocking verdict counts once)
 * @param completionBlocks blocked completions by category
 * @param generated exchanges where model output reached the client
 * @param labeled generated exchanges that needed an explicit label and carried every label (explicit
 *     in every choice that needed it, implicit, receipt)
 * @param explicitNeeded generated exchanges with at least one choice that needed an explicit label
 *     (records written before per-choice labels existed all count here): the denominator of coverage
 * @param explicitExempt generated exchanges none of whose choices needed one, by reason ({@code tool_call},
 *     {@code structured}, {@code opt_out}; an exchange counts once per distinct reason of its choices)
 */
public record ProductSummary(String product, long requests, long served, long denied, long blocked, long errors,
        long cancelled, long invalid,
        SortedMap<String, Long> licenseDenials, SortedMap<String, Long> wouldDeny,
        SortedMap<String, Long> promptBlocks, SortedMap<String, Long> completionBlocks, long generated,
        long labeled, long explicitNeeded, SortedMap<String, Long> explicitExempt) {

    /** Copies the maps (unmodifiable, sorted by key). */
    public ProductSummary {
        licenseDenials = Collections.unmodifiableSortedMap(new TreeMap<>(licenseDenials));
        wouldDeny = Collections.unmodifiableSortedMap(new TreeMap<>(wouldDeny));
        promptBlocks = Collections.unmodifiableSortedMap(new TreeMap<>(promptBlocks));
        completionBlocks = Collections.unmodifiableSortedMap(new TreeMap<>(completionBlocks));
        explicitExempt = Collections.unmodifiableSortedMap(new TreeMap<>(explicitExempt));
    }

    /**
     * Labeled answers over the answers that needed an explicit label, as a percentage: {@code "100%"}
     * exactly when every such answer was labeled; otherwise rounded <em>down</em> to two decimals
     * without trailing zeros ({@code "99.99%"}, {@code "66.66%"}, {@code "0%"}), so that a single
     * unlabeled answer never reads as 100%; {@code "n/a"} when none needed one. Answers exempt by
     * shape or opt-out are counted beside it ({@link #explicitExempt()}), never in it.
     */
    public String coverage() {
        return coverage(labeled, explicitNeeded);
    }

    /** {@code labeled} over {@code generated} as {@link #coverage()} words it. */
    public static String coverage(long labeled, long generated) {
        if (generated == 0) {
            return "n/a";
        }
        if (labeled == generated) {
            return "100%";
        }
        BigDecimal pct = BigDecimal.valueOf(labeled).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(generated), 2, RoundingMode.DOWN);
        String text = pct.stripTrailingZeros().toPlainString();
        return text + "%";
    }

    /** No exchange. */
    public static ProductSummary empty(String product) {
        return new ProductSummary(product, 0, 0, 0, 0, 0, 0, 0, new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
                new TreeMap<>(), 0, 0, 0, new TreeMap<>());
    }

    /** The figures of both, under this summary's product id. */
    public ProductSummary plus(ProductSummary o) {
        return new ProductSummary(product, requests + o.requests, served + o.served, denied + o.denied,
                blocked + o.blocked, errors + o.errors, cancelled + o.cancelled, invalid + o.invalid,
                sum(licenseDenials, o.licenseDenials), sum(wouldDeny, o.wouldDeny),
                sum(promptBlocks, o.promptBlocks), sum(completionBlocks, o.completionBlocks),
                generated + o.generated, labeled + o.labeled, explicitNeeded + o.explicitNeeded,
                sum(explicitExempt, o.explicitExempt));
    }

    /** The same figures under another product id. */
    public ProductSummary named(String id) {
        return new ProductSummary(id, requests, served, denied, blocked, errors, cancelled, invalid, licenseDenials,
                wouldDeny, promptBlocks, completionBlocks, generated, labeled, explicitNeeded, explicitExempt);
    }

    /** Sum of two maps' counts, for totals. */
    static SortedMap<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        SortedMap<String, Long> result = new TreeMap<>(a);
        b.forEach((k, v) -> result.merge(k, v, Long::sum));
        return result;
    }
}
