package io.aigw.filters.audit;

import io.aigw.filters.audit.AuditLineReader.Line;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The provider's compliance report ({@code GET /admin/report?from=&to=&product=}), computed from
 * the audit log itself, never from counters that reset. Streams the files (one line in memory)
 * and reads only the day files that can hold records of the period. Immutable result.
 *
 * <p>It does not verify the chain (that is {@link AuditVerifier}'s job, and a report on a log
 * that does not verify proves nothing); lines it cannot read are counted in
 * {@link #unreadableLines()}.
 *
 * <p>Several replicas' chains ({@link AuditChain}) are read one after the other: every exchange is in
 * exactly one chain (the replica that served it writes it), so the sum counts each once; the figures
 * of each chain are in {@link #nodes()}.
 *
 * @param from start of the period, inclusive
 * @param to end of the period, exclusive
 * @param product the product asked for, or null for all
 * @param products one summary per product seen, sorted by id, over every chain
 * @param unreadableLines lines in the files read that were not audit JSON
 * @param nodes each chain's total (product {@code (all)}), in the order the chains were given
 */
public record ComplianceReport(Instant from, Instant to, String product, List<ProductSummary> products,
        long unreadableLines, List<NodeTotal> nodes) {

    /** The product id reported for requests whose key matched no product. */
    public static final String NO_PRODUCT = "(none)";

    /** One chain's share of the report. */
    public record NodeTotal(String node, ProductSummary total, long unreadableLines) {
    }

    public ComplianceReport {
        products = List.copyOf(products);
        nodes = List.copyOf(nodes);
    }

    /**
     * Computes the report over records of one chain whose {@code time} is in {@code [from, to)}; the
     * chain is named after its directory.
     *
     * @param productOrNull only this product, or null for all
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     * @throws UncheckedIOException when a file cannot be read
     */
    public static ComplianceReport compute(Path dir, Instant from, Instant to, String productOrNull) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return compute(List.of(new AuditChain(name == null ? dir.toString() : name.toString(), dir)), from, to, productOrNull);
    }

    /**
     * Computes the report over the records of every chain whose {@code time} is in {@code [from, to)}.
     *
     * @param productOrNull only this product, or null for all
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     * @throws UncheckedIOException when a file cannot be read
     */
    public static ComplianceReport compute(List<AuditChain> chains, Instant from, Instant to, String productOrNull) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("report period ends (" + to + ") before it starts (" + from + ")");
        }
        Map<String, ProductSummary> merged = new TreeMap<>();
        List<NodeTotal> nodes = new ArrayList<>();
        long unreadable = 0;
        for (AuditChain chain : chains) {
            ComplianceReport one = computeChain(chain.dir(), from, to, productOrNull);
            one.products.forEach(p -> merged.merge(p.product(), p, ProductSummary::plus));
            unreadable += one.unreadableLines;
            nodes.add(new NodeTotal(chain.node(), one.total(), one.unreadableLines));
        }
        return new ComplianceReport(from, to, productOrNull, new ArrayList<>(merged.values()), unreadable, nodes);
    }

    private static ComplianceReport computeChain(Path dir, Instant from, Instant to, String productOrNull) {
        // File days are in the writer's zone (within ±14 h of UTC), and a record is written a little
        // after its time: a margin of two days each side never misses a file.
        LocalDate firstDay = LocalDate.ofInstant(from, ZoneOffset.UTC).minusDays(2);
        LocalDate lastDay = LocalDate.ofInstant(to, ZoneOffset.UTC).plusDays(2);
        List<Path> files = new ArrayList<>();
        for (Path p : AuditFiles.list(dir)) {
            LocalDate day = AuditFiles.dayOf(p.getFileName().toString());
            if (!day.isBefore(firstDay) && !day.isAfter(lastDay)) {
                files.add(p);
            }
        }
        Map<String, Tally> tallies = new TreeMap<>();
        long unreadable = 0;
        try (AuditLineReader reader = new AuditLineReader(files)) {
            Line line;
            while ((line = reader.next()) != null) {
                JsonNode node = parse(line);
                if (node == null) {
                    unreadable++;
                    continue;
                }
                if (!"record".equals(text(node, "type"))) {
                    continue;
                }
                Instant time = time(node);
                if (time == null) {
                    unreadable++;
                    continue;
                }
                if (time.isBefore(from) || !time.isBefore(to)) {
                    continue;
                }
                String product = text(node, "product");
                String key = product == null ? NO_PRODUCT : product;
                if (productOrNull != null && !productOrNull.equals(key)) {
                    continue;
                }
                tallies.computeIfAbsent(key, Tally::new).add(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot read the audit log", e);
        }
        List<ProductSummary> summaries = new ArrayList<>();
        tallies.values().forEach(t -> summaries.add(t.summary()));
        return new ComplianceReport(from, to, productOrNull, summaries, unreadable, List.of());
    }

    /** The sum over every product. */
    public ProductSummary total() {
        ProductSummary total = ProductSummary.empty("(all)");
        for (ProductSummary p : products) {
            total = total.plus(p).named("(all)");
        }
        return total;
    }

    /**
     * {@code {"from","to","product","products":[{…}],"total":{…},"unreadableLines","nodes":[{"node","total":{…},
     * "unreadableLines"}]}}; each summary
     * is {@code {"product","requests","served","denied","blocked","errors","cancelled","invalid","licenseDenials":{reason:n},
     * "wouldDeny":{…},"blocks":{"prompt":{category:n},"completion":{…}},"generated","labeled","coverage",
     * "explicitNeeded","explicitExempt":{reason:n}}}; coverage is labeled over explicitNeeded.
     */
    public String toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = AuditLineFormat.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("from", from.toString());
            g.writeStringProperty("to", to.toString());
            g.writeStringProperty("product", product);
            g.writeName("products");
            g.writeStartArray();
            for (ProductSummary p : products) {
                summary(g, p);
            }
            g.writeEndArray();
            g.writeName("total");
            summary(g, total());
            g.writeNumberProperty("unreadableLines", unreadableLines);
            g.writeName("nodes");
            g.writeStartArray();
            for (NodeTotal n : nodes) {
                g.writeStartObject();
                g.writeStringProperty("node", n.node());
                g.writeName("total");
                summary(g, n.total());
                g.writeNumberProperty("unreadableLines", n.unreadableLines());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * RFC 4180 CSV, one row per product then a total row ({@code (all)}); the by-reason and
     * by-category columns hold {@code key:count} pairs joined by {@code ;}.
     */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("product,requests,served,denied,blocked,errors,cancelled,invalid,license_denials,"
                + "would_deny,prompt_blocks,completion_blocks,generated,labeled,coverage,explicit_needed,explicit_exempt\r\n");
        for (ProductSummary p : products) {
            csvRow(sb, p);
        }
        csvRow(sb, total());
        return sb.toString();
    }

    private static void csvRow(StringBuilder sb, ProductSummary p) {
        sb.append(csv(p.product())).append(',').append(p.requests()).append(',').append(p.served()).append(',')
                .append(p.denied()).append(',').append(p.blocked()).append(',').append(p.errors()).append(',')
                .append(p.cancelled()).append(',').append(p.invalid()).append(',')
                .append(csv(pairs(p.licenseDenials()))).append(',').append(csv(pairs(p.wouldDeny()))).append(',')
                .append(csv(pairs(p.promptBlocks()))).append(',').append(csv(pairs(p.completionBlocks())))
                .append(',').append(p.generated()).append(',').append(p.labeled()).append(',')
                .append(csv(p.coverage())).append(',').append(p.explicitNeeded()).append(',')
                .append(csv(pairs(p.explicitExempt()))).append("\r\n");
    }

    private static String pairs(Map<String, Long> map) {
        StringBuilder sb = new StringBuilder();
        map.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ";").append(k).append(':').append(v));
        return sb.toString();
    }

    private static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static void summary(JsonGenerator g, ProductSummary p) {
        g.writeStartObject();
        g.writeStringProperty("product", p.product());
        g.writeNumberProperty("requests", p.requests());
        g.writeNumberProperty("served", p.served());
        g.writeNumberProperty("denied", p.denied());
        g.writeNumberProperty("blocked", p.blocked());
        g.writeNumberProperty("errors", p.errors());
        g.writeNumberProperty("cancelled", p.cancelled());
        g.writeNumberProperty("invalid", p.invalid());
        counts(g, "licenseDenials", p.licenseDenials());
        counts(g, "wouldDeny", p.wouldDeny());
        g.writeName("blocks");
        g.writeStartObject();
        counts(g, "prompt", p.promptBlocks());
        counts(g, "completion", p.completionBlocks());
        g.writeEndObject();
        g.writeNumberProperty("generated", p.generated());
        g.writeNumberProperty("labeled", p.labeled());
        g.writeStringProperty("coverage", p.coverage());
        g.writeNumberProperty("explicitNeeded", p.explicitNeeded());
        counts(g, "explicitExempt", p.explicitExempt());
        g.writeEndObject();
    }

    private static void counts(JsonGenerator g, String name, Map<String, Long> map) {
        g.writeName(name);
        g.writeStartObject();
        map.forEach((k, v) -> g.writeNumberProperty(k, v.longValue()));
        g.writeEndObject();
    }

    private static JsonNode parse(Line line) {
        if (!line.terminated() || line.tooLong()) {
            return null;
        }
        try {
            JsonNode node = AuditLineFormat.MAPPER.readTree(line.bytes());
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static Instant time(JsonNode node) {
        String t = text(node, "time");
        try {
            return t == null ? null : Instant.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    /** Counts of one product while reading. */
    private static final class Tally {
        private final String product;
        private long requests;
        private long served;
        private long denied;
        private long blocked;
        private long errors;
        private long cancelled;
        private long invalid;
        private final SortedMap<String, Long> licenseDenials = new TreeMap<>();
        private final SortedMap<String, Long> wouldDeny = new TreeMap<>();
        private final SortedMap<String, Long> promptBlocks = new TreeMap<>();
        private final SortedMap<String, Long> completionBlocks = new TreeMap<>();
        private long generated;
        private long labeled;
        private long explicitNeeded;
        private final SortedMap<String, Long> explicitExempt = new TreeMap<>();

        Tally(String product) {
            this.product = product;
        }

        void add(JsonNode r) {
            requests++;
            String outcome = text(r, "outcome");
            if ("served".equals(outcome)) {
                served++;
            } else if ("denied".equals(outcome)) {
                denied++;
            } else if ("blocked".equals(outcome)) {
                blocked++;
            } else if ("error".equals(outcome)) {
                errors++;
            } else if ("cancelled".equals(outcome)) {
                cancelled++;
            } else if ("invalid".equals(outcome)) {
                invalid++;
            }
            JsonNode license = r.get("license");
            String decision = text(license, "decision");
            String reason = text(license, "reason");
            if (reason != null && "deny".equals(decision)) {
                licenseDenials.merge(reason, 1L, Long::sum);
            } else if (reason != null && "would_deny".equals(decision)) {
                wouldDeny.merge(reason, 1L, Long::sum);
            }
            countBlocks(r.get("prompt"), promptBlocks);
            countBlocks(r.get("completion"), completionBlocks);
            JsonNode gen = r.get("generated");
            if (gen != null && gen.isBoolean() && gen.booleanValue()) {
                generated++;
                Set<String> exemptions = exemptions(r.get("explicit_labels"));
                if (exemptions.isEmpty()) {
                    explicitNeeded++;
                    if (isLabeled(r.get("label"), text(r, "outcome"))) {
                        labeled++;
                    }
                } else {
                    exemptions.forEach(why -> explicitExempt.merge(why, 1L, Long::sum));
                }
            }
        }

        /**
         * Whether a generated answer carried every label it could: the explicit and the implicit label,
         * and the receipt when the answer was complete. A stream cut short (client gone, upstream failed)
         * never gets its receipt, which goes into the last event; its labels decide.
         */
        private static boolean isLabeled(JsonNode label, String outcome) {
            if (label == null || !label.isObject() || !isTrue(label, "explicit") || !isTrue(label, "implicit")) {
                return false;
            }
            boolean cutShort = "cancelled".equals(outcome) || "error".equals(outcome);
            return cutShort || isTrue(label, "receipt");
        }

        /**
         * The reasons ({@code tool_call}, {@code structured}, {@code opt_out}, {@code refusal}) when every choice was exempt
         * from the explicit label; empty when at least one choice needed it, or the record has no
         * per-choice labels (written before them, or no answer was labeled).
         */
        private static Set<String> exemptions(JsonNode explicitLabels) {
            if (explicitLabels == null || !explicitLabels.isArray() || explicitLabels.isEmpty()) {
                return Set.of();
            }
            Set<String> reasons = new TreeSet<>();
            for (JsonNode value : explicitLabels) {
                String v = value.isString() ? value.stringValue() : "";
                if (!v.startsWith("omitted:")) {
                    return Set.of();
                }
                reasons.add(v.substring("omitted:".length()));
            }
            return reasons;
        }

        private static boolean isTrue(JsonNode node, String field) {
            JsonNode v = node.get(field);
            return v != null && v.isBoolean() && v.booleanValue();
        }

        private static void countBlocks(JsonNode verdict, SortedMap<String, Long> into) {
            if (verdict == null || !verdict.isObject() || !"block".equals(text(verdict, "outcome"))) {
                return;
            }
            JsonNode categories = verdict.get("categories");
            if (categories != null && categories.isArray()) {
                for (JsonNode c : categories) {
                    if (c.isString()) {
                        into.merge(c.stringValue(), 1L, Long::sum);
                    }
                }
            }
        }

        ProductSummary summary() {
            return new ProductSummary(product, requests, served, denied, blocked, errors, cancelled, invalid,
                    licenseDenials, wouldDeny,
                    promptBlocks, completionBlocks, generated, labeled, explicitNeeded, explicitExempt);
        }
    }
}
