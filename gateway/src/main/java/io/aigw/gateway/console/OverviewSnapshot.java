package io.aigw.gateway.console;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.audit.ProductSummary;
import io.aigw.filters.protocol.Json;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The overview page's data, read from the gateway's own meters and beans at the time of the call:
 * counters since the gateway started (a restart sets them to zero; the compliance report reads the
 * audit log instead). Meter reads are in-memory and cheap, so this runs on the calling thread.
 * Thread-safe.
 */
final class OverviewSnapshot {

    static final String REQUESTS = "aigw.requests";
    static final String LICENSE_DECISIONS = "aigw.license.decisions";
    static final String CONTENT_MATCHES = "aigw.content.matches";
    static final String GENERATED = "aigw.label.answers.generated";
    static final String LABELED = "aigw.label.answers.labeled";
    static final String BLOCKED = "aigw.label.answers.blocked";
    static final String RETRIES = "aigw.upstream.retries";
    static final String IN_FLIGHT = "aigw.requests.in.flight";
    /** Meters whose names start with this are listed as quota use, should a quota feature register any. */
    static final String QUOTA_PREFIX = "aigw.quota";

    private final MeterRegistry meters;
    private final CircuitBreakerRegistry breakers;
    private final AuditWriter audit;
    private final Clock clock;

    OverviewSnapshot(MeterRegistry meters, CircuitBreakerRegistry breakers, AuditWriter audit, Clock clock) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.breakers = Objects.requireNonNull(breakers, "breakers");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * {@code {"time","inFlight","audit","routes":[{"route","requests","errors","meanMs","byStatus":{status:n}}],
     * "products":[{"product","requests","denied","generated","labeled","blocked","coverage"}],
     * "coverage":{"generated","labeled","coverage"},"blocks":[{"category","side","action","count"}],
     * "upstreams":[{"name","state","failureRate","calls","failedCalls","notPermittedCalls","retries"}],"quotas":[…]}}.
     */
    String toJson() {
        ObjectNode root = Json.NODES.objectNode();
        root.put("time", clock.instant().toString());
        Gauge inFlight = meters.find(IN_FLIGHT).gauge();
        root.put("inFlight", inFlight == null ? 0 : (long) inFlight.value());
        root.put("audit", audit.health().name().toLowerCase(java.util.Locale.ROOT));
        root.set("routes", routes());
        products(root);
        root.set("blocks", blocks());
        root.set("upstreams", upstreams());
        root.set("quotas", quotas());
        return Json.MAPPER.writeValueAsString(root);
    }

    /** Requests, non-2xx answers, total time and counts by status of one route. */
    private static final class RouteTally {
        long requests;
        long errors;
        double totalMs;
        final Map<String, Long> byStatus = new TreeMap<>();
    }

    private ArrayNode routes() {
        Map<String, RouteTally> byRoute = new TreeMap<>();
        for (Timer timer : meters.find(REQUESTS).timers()) {
            RouteTally tally = byRoute.computeIfAbsent(tag(timer, "route"), r -> new RouteTally());
            String status = tag(timer, "status");
            long count = timer.count();
            tally.requests += count;
            tally.errors += status.startsWith("2") ? 0 : count;
            tally.totalMs += timer.totalTime(TimeUnit.MILLISECONDS);
            tally.byStatus.merge(status, count, Long::sum);
        }
        ArrayNode list = Json.NODES.arrayNode();
        byRoute.forEach((route, tally) -> {
            ObjectNode node = list.addObject();
            node.put("route", route);
            node.put("requests", tally.requests);
            node.put("errors", tally.errors);
            node.put("meanMs", tally.requests == 0 ? 0 : Math.round(tally.totalMs / tally.requests * 10) / 10.0);
            ObjectNode byStatus = node.putObject("byStatus");
            tally.byStatus.forEach(byStatus::put);
        });
        return list;
    }

    private void products(ObjectNode root) {
        Map<String, long[]> byProduct = new TreeMap<>();
        final int requests = 0;
        final int denied = 1;
        final int generated = 2;
        final int labeled = 3;
        final int blocked = 4;
        for (Counter counter : meters.find(LICENSE_DECISIONS).counters()) {
            long[] row = byProduct.computeIfAbsent(tag(counter, "product"), p -> new long[5]);
            row[requests] += (long) counter.count();
            if ("denied".equals(tag(counter, "outcome"))) {
                row[denied] += (long) counter.count();
            }
        }
        addPerProduct(byProduct, GENERATED, generated);
        addPerProduct(byProduct, LABELED, labeled);
        addPerProduct(byProduct, BLOCKED, blocked);
        ArrayNode list = root.putArray("products");
        long allGenerated = 0;
        long allLabeled = 0;
        for (Map.Entry<String, long[]> entry : byProduct.entrySet()) {
            long[] row = entry.getValue();
            ObjectNode node = list.addObject();
            node.put("product", entry.getKey());
            node.put("requests", row[requests]);
            node.put("denied", row[denied]);
            node.put("generated", row[generated]);
            node.put("labeled", row[labeled]);
            node.put("blocked", row[blocked]);
            node.put("coverage", coverage(row[labeled], row[generated]));
            allGenerated += row[generated];
            allLabeled += row[labeled];
        }
        ObjectNode coverage = root.putObject("coverage");
        coverage.put("generated", allGenerated);
        coverage.put("labeled", allLabeled);
        coverage.put("coverage", coverage(allLabeled, allGenerated));
    }

    private void addPerProduct(Map<String, long[]> byProduct, String meter, int column) {
        for (Counter counter : meters.find(meter).counters()) {
            byProduct.computeIfAbsent(tag(counter, "product"), p -> new long[5])[column] += (long) counter.count();
        }
    }

    /** The report's rounding rule (never "100%" unless every answer was labeled). */
    private static String coverage(long labeled, long generated) {
        return ProductSummary.coverage(labeled, generated);
    }

    private ArrayNode blocks() {
        ArrayNode list = Json.NODES.arrayNode();
        meters.find(CONTENT_MATCHES).counters().stream()
                .sorted(Comparator.comparing((Counter c) -> tag(c, "category")).thenComparing(c -> tag(c, "side"))
                        .thenComparing(c -> tag(c, "action")))
                .forEach(counter -> {
                    ObjectNode node = list.addObject();
                    node.put("category", tag(counter, "category"));
                    node.put("side", tag(counter, "side"));
                    node.put("action", tag(counter, "action"));
                    node.put("count", (long) counter.count());
                });
        return list;
    }

    private ArrayNode upstreams() {
        Map<String, Long> retries = new TreeMap<>();
        for (Counter counter : meters.find(RETRIES).counters()) {
            retries.merge(tag(counter, "upstream"), (long) counter.count(), Long::sum);
        }
        ArrayNode list = Json.NODES.arrayNode();
        List<CircuitBreaker> all = breakers.getAllCircuitBreakers().stream()
                .sorted(Comparator.comparing(CircuitBreaker::getName)).toList();
        for (CircuitBreaker breaker : all) {
            CircuitBreaker.Metrics m = breaker.getMetrics();
            ObjectNode node = list.addObject();
            node.put("name", breaker.getName());
            node.put("state", breaker.getState().name());
            // Resilience4j reports -1 until the minimum number of calls was recorded.
            node.put("failureRate", m.getFailureRate() < 0 ? null : (Float) m.getFailureRate());
            node.put("calls", m.getNumberOfBufferedCalls());
            node.put("failedCalls", m.getNumberOfFailedCalls());
            node.put("notPermittedCalls", m.getNumberOfNotPermittedCalls());
            node.put("retries", retries.getOrDefault(breaker.getName(), 0L));
        }
        return list;
    }

    private ArrayNode quotas() {
        ArrayNode list = Json.NODES.arrayNode();
        meters.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith(QUOTA_PREFIX))
                .sorted(Comparator.comparing((Meter m) -> m.getId().getName()).thenComparing(m -> m.getId().getTags().toString()))
                .forEach(meter -> {
                    ObjectNode node = list.addObject();
                    node.put("name", meter.getId().getName());
                    ObjectNode tags = node.putObject("tags");
                    meter.getId().getTags().forEach(t -> tags.put(t.getKey(), t.getValue()));
                    Iterator<Measurement> measurements = meter.measure().iterator();
                    node.put("value", measurements.hasNext() ? measurements.next().getValue() : 0);
                });
        return list;
    }

    private static String tag(Meter meter, String key) {
        String value = meter.getId().getTag(key);
        return value == null ? "none" : value;
    }
}
