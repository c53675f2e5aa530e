package io.aigw.gateway.console;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.aigw.filters.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Renders a {@link SignedReport} as a PDF a provider can hand to a regulator (openhtmltopdf, from an
 * XHTML page built here): the totals, coverage, exemptions by answer shape when the report has them,
 * blocks by category and side, license denials, a table per product, then the signature block with
 * the audit key, the verification commands, and the signed JSON itself as an appendix. Every map of
 * counts in the report's total gets its own bar table, so figures the report gains later are printed
 * too. Text is escaped. Latin text is set in the built-in PDF fonts; any other character (a Chinese
 * product or company name) falls back to Droid Sans Fallback, shipped in the jar ({@link #CJK_FONT}) and
 * embedded as a subset of the glyphs used. CPU-bound and blocking: call it off the event loop.
 */
final class ReportPdf {

    /** The CJK font (Apache-2.0, from Debian's fonts-droid-fallback; licence beside it in the jar). */
    static final String CJK_FONT = "console/fonts/DroidSansFallbackFull.ttf";
    /** The family name the stylesheet falls back to. */
    static final String CJK_FAMILY = "Droid Sans Fallback";

    /**
     * What the PDF prints beside a product id: the registry's name and company.
     *
     * @param name the product's name, may be null
     * @param company the provider's company, may be null
     */
    record Who(String name, String company) {

        /** Every product of {@code registry}, by id. */
        static Map<String, Who> of(io.aigw.filters.license.ProductRegistry registry) {
            Map<String, Who> byId = new java.util.LinkedHashMap<>();
            registry.products().forEach(p -> byId.put(p.id(), new Who(p.name(), p.company())));
            return byId;
        }

        /** "name, company", leaving out what is absent. */
        String describe() {
            return java.util.stream.Stream.of(name, company).filter(v -> v != null && !v.isBlank())
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /** The appendix wraps the one-line JSON at this width; the line breaks are not part of the data. */
    static final int APPENDIX_WIDTH = 96;

    private static final String CSS = """
            @page { size: A4; margin: 16mm 14mm 18mm 14mm;
                    @bottom-center { content: "aigw compliance report - page " counter(page) " of " counter(pages);
                                     font-size: 8pt; color: #555; } }
            body { font-family: Helvetica, "Droid Sans Fallback", sans-serif; font-size: 9.5pt; color: #111; }
            h1 { font-size: 17pt; margin: 0 0 4pt 0; }
            h2 { font-size: 12pt; margin: 14pt 0 5pt 0; border-bottom: 1px solid #999; }
            table { border-collapse: collapse; width: 100%; margin-bottom: 6pt; }
            th, td { border: 1px solid #bbb; padding: 2.5pt 4pt; text-align: left; vertical-align: top; }
            th { background: #eef1f5; }
            td.n { text-align: right; width: 18%; }
            td.bar { width: 45%; }
            table.summary td.n { width: 8.5%; }
            div.bar { background: #2f6fb5; height: 7pt; }
            .meta td { border: none; padding: 1pt 4pt 1pt 0; }
            .big { font-size: 20pt; font-weight: bold; }
            pre { font-family: Courier, "Droid Sans Fallback", monospace; font-size: 7.5pt; background: #f5f5f5; padding: 4pt;
                  border: 1px solid #ccc; white-space: pre; }
            .note { color: #444; font-size: 8.5pt; }
            """;

    private ReportPdf() {
    }

    /**
     * The PDF bytes.
     *
     * @param products the registry's products by id, for the names printed beside the report's product ids
     */
    static byte[] render(SignedReport report, ReportPeriod period, String gatewayName, Map<String, Who> products) {
        String xhtml = xhtml(report, period, gatewayName, products);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useFont(ReportPdf::cjkFont, CJK_FAMILY);
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("PDF rendering failed", e);
        }
        return out.toByteArray();
    }

    private static InputStream cjkFont() {
        InputStream in = ReportPdf.class.getClassLoader().getResourceAsStream(CJK_FONT);
        if (in == null) {
            throw new IllegalStateException("the CJK font is missing from the classpath: " + CJK_FONT);
        }
        return in;
    }

    /** The XHTML page the PDF is rendered from. */
    static String xhtml(SignedReport report, ReportPeriod period, String gatewayName, Map<String, Who> products) {
        JsonNode root = Json.MAPPER.readTree(report.json());
        JsonNode total = root.path("total");
        Xhtml h = new Xhtml();
        h.raw("<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>aigw compliance report</title><style>")
                .raw(CSS).raw("</style></head><body>");
        h.raw("<h1>Compliance report</h1><table class=\"meta\">");
        meta(h, "Gateway", gatewayName);
        meta(h, "Product", root.path("product").isNull() ? "all products" : named(root.path("product").asString(""), products));
        meta(h, "Period", period.from() + " to " + period.to() + " (whole days, " + period.zone().getId() + ")");
        meta(h, "Signed at", report.signedAt().toString());
        meta(h, "Source", "the gateway's hash-chained audit log (every exchange, one line each)");
        h.raw("</table>");

        h.raw("<h2>Labeling coverage</h2><p><span class=\"big\">").text(total.path("coverage").asString("n/a"))
                .raw("</span> of the answers that needed an explicit label carried every label (explicit, implicit, receipt): ")
                .text(total.path("labeled").asLong(0) + " of " + total.path("explicitNeeded").asLong(0))
                .raw("; answers exempt by shape or opt-out are counted apart.</p>");

        h.raw("<h2>Exchanges</h2><table><tr><th>Measure</th><th>Count</th></tr>");
        total.properties().forEach(e -> {
            if (e.getValue().isNumber()) {
                h.raw("<tr><td>").text(e.getKey()).raw("</td><td class=\"n\">").text(e.getValue().asString()).raw("</td></tr>");
            }
        });
        h.raw("</table>");

        countTables(h, "", total);
        if (!total.has("explicitExempt")) {
            h.raw("<h2>Exemptions by answer shape</h2><p class=\"note\">This gateway's audit log does not record "
                    + "exemptions from the explicit label, so every generated answer counts towards coverage.</p>");
        }

        h.raw("<h2>Per product</h2><table class=\"summary\"><tr><th>Product</th><th>Requests</th><th>Served</th><th>Denied</th>"
                + "<th>Blocked</th><th>Generated</th><th>Labeled</th><th>Coverage</th></tr>");
        for (JsonNode p : root.path("products")) {
            summaryRow(h, named(p.path("product").asString(""), products), p);
        }
        h.raw("</table>");

        JsonNode nodes = root.path("nodes");
        if (nodes.size() > 0) {
            h.raw("<h2>Per node</h2><p class=\"note\">Each gateway replica keeps its own audit chain; "
                    + "the figures above are the sum of these.</p><table class=\"summary\"><tr><th>Node</th><th>Requests</th><th>Served</th>"
                    + "<th>Denied</th><th>Blocked</th><th>Generated</th><th>Labeled</th><th>Coverage</th></tr>");
            for (JsonNode n : nodes) {
                summaryRow(h, n.path("node").asString(""), n.path("total"));
            }
            h.raw("</table>");
        }

        h.raw("<h2>Signature</h2><p>The gateway signed the report data below (the appendix, saved by the console as <b>")
                .text(report.jsonFile()).raw("</b>) with its audit key, the Ed25519 key that signs the audit log's "
                        + "checkpoints. Anyone can check it with OpenSSL 3, without the gateway:</p><table class=\"meta\">");
        meta(h, "Algorithm", "Ed25519 over the bytes of " + report.jsonFile());
        meta(h, "Key id (kid)", report.kid());
        meta(h, "SHA-256", report.sha256());
        h.raw("</table><pre>").text(report.verificationCommands()).raw("</pre>");
        h.raw("<p class=\"note\">The last command prints \"Signature Verified Successfully\". The key id is also listed by "
                + "the gateway at GET /admin/audit/keys. For a period that has ended, GET /admin/report with the same "
                + "product and days returns the same data.</p>");

        h.raw("<h2>Appendix: signed report data</h2><p class=\"note\">").text(report.jsonFile())
                .raw(", wrapped at " + APPENDIX_WIDTH + " characters for print (the line breaks are not part of the data).</p><pre>");
        String json = report.json();
        for (int i = 0; i < json.length(); i += APPENDIX_WIDTH) {
            h.text(json.substring(i, Math.min(json.length(), i + APPENDIX_WIDTH))).raw("\n");
        }
        h.raw("</pre></body></html>");
        return h.toString();
    }

    private static void summaryRow(Xhtml h, String name, JsonNode summary) {
        h.raw("<tr><td>").text(name).raw("</td>");
        for (String f : new String[] {"requests", "served", "denied", "blocked", "generated", "labeled"}) {
            h.raw("<td class=\"n\">").text(summary.path(f).asString("")).raw("</td>");
        }
        h.raw("<td class=\"n\">").text(summary.path("coverage").asString("")).raw("</td></tr>");
    }

    /** "id (name, company)" when the registry knows the product, else the id. */
    private static String named(String id, Map<String, Who> products) {
        Who who = products.get(id);
        String described = who == null ? "" : who.describe();
        return described.isEmpty() ? id : id + " (" + described + ")";
    }

    /** A bar table for each map of counts in {@code node}, recursing into maps of maps (blocks by side). */
    private static void countTables(Xhtml h, String prefix, JsonNode node) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode value = e.getValue();
            if (!value.isObject()) {
                continue;
            }
            String title = prefix.isEmpty() ? e.getKey() : prefix + " / " + e.getKey();
            boolean nested = value.values().stream().anyMatch(JsonNode::isObject);
            if (nested) {
                countTables(h, title, value);
                continue;
            }
            h.raw("<h2>").text(heading(title)).raw("</h2>");
            if (value.isEmpty()) {
                h.raw("<p class=\"note\">None in this period.</p>");
                continue;
            }
            long max = 1;
            for (JsonNode n : value.values()) {
                max = Math.max(max, n.asLong(0));
            }
            h.raw("<table><tr><th>Category</th><th>Count</th><th></th></tr>");
            for (Map.Entry<String, JsonNode> row : value.properties()) {
                long count = row.getValue().asLong(0);
                h.raw("<tr><td>").text(row.getKey()).raw("</td><td class=\"n\">").text(Long.toString(count))
                        .raw("</td><td class=\"bar\"><div class=\"bar\" style=\"width:" + (100 * count / max) + "%\"></div></td></tr>");
            }
            h.raw("</table>");
        }
    }

    private static String heading(String key) {
        return switch (key) {
            case "licenseDenials" -> "License denials by reason";
            case "wouldDeny" -> "Monitor mode: would have been denied, by reason";
            case "blocks / prompt" -> "Blocks by category: prompts";
            case "blocks / completion" -> "Blocks by category: completions";
            case "explicitExempt" -> "Exemptions from the explicit label by answer shape";
            default -> key;
        };
    }

    private static void meta(Xhtml h, String name, String value) {
        h.raw("<tr><td><b>").text(name).raw("</b></td><td>").text(value).raw("</td></tr>");
    }

    /** A string builder that escapes text for XHTML. */
    private static final class Xhtml {
        private final StringBuilder sb = new StringBuilder(16 * 1024);

        Xhtml raw(String markup) {
            sb.append(markup);
            return this;
        }

        Xhtml text(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '<' -> sb.append("&lt;");
                    case '>' -> sb.append("&gt;");
                    case '&' -> sb.append("&amp;");
                    case '"' -> sb.append("&quot;");
                    default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
                }
            }
            return this;
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
