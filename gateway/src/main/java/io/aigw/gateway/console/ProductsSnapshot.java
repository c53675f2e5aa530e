package io.aigw.gateway.console;

import io.aigw.filters.license.DenyReason;
import io.aigw.filters.license.License;
import io.aigw.filters.license.LicenseDecision;
import io.aigw.filters.license.LicensePolicy;
import io.aigw.filters.license.LicenseStatus;
import io.aigw.filters.license.LicensedModels;
import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.license.LicensePolicies;
import io.aigw.gateway.products.ProductRegistryHolder;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The products page's data: per product its license status, validity and days left, grace working
 * days left, license globs and the configured models they cover, and how many keys it has. Never a
 * key or a key hash. Computed on each call from the registry serving now; thread-safe.
 */
final class ProductsSnapshot {

    private final ProductRegistryHolder registry;
    private final LicensePolicies policies;
    private final List<String> upstreamModels;
    private final Clock clock;

    ProductsSnapshot(ProductRegistryHolder registry, LicensePolicies policies, List<String> upstreamModels, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.upstreamModels = List.copyOf(upstreamModels);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * {@code {"today","zone","mode","graceWorkingDays","products":[{"id","name","company","status","number",
     * "validFrom","validUntil","daysLeft","launchedOn","graceUntil","graceWorkingDaysLeft","servable","denyReason",
     * "models":[glob],"coveredModels":[model],"keyCount"}]}}}; absent dates and counts are null.
     */
    String toJson() {
        LicensePolicy policy = policies.global();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, policy.zone());
        ObjectNode root = Json.NODES.objectNode();
        root.put("today", today.toString());
        root.put("zone", policy.zone().getId());
        root.put("mode", policy.mode().name().toLowerCase(java.util.Locale.ROOT));
        root.put("graceWorkingDays", policy.graceWorkingDays());
        ArrayNode list = root.putArray("products");
        for (Product product : registry.current().products()) {
            list.add(product(product, policy, now, today));
        }
        return Json.MAPPER.writeValueAsString(root);
    }

    private ObjectNode product(Product product, LicensePolicy policy, Instant now, LocalDate today) {
        License license = product.license();
        ObjectNode node = Json.NODES.objectNode();
        node.put("id", product.id());
        node.put("name", product.name());
        node.put("company", product.company());
        node.put("status", license.status().wireName());
        node.put("number", license.number());
        node.put("validFrom", license.validFrom() == null ? null : license.validFrom().toString());
        node.put("validUntil", license.validUntil() == null ? null : license.validUntil().toString());
        node.put("daysLeft", license.validUntil() == null ? null : ChronoUnit.DAYS.between(today, license.validUntil()));
        node.put("launchedOn", product.launchedOn() == null ? null : product.launchedOn().toString());
        LocalDate graceUntil = graceUntil(product, policy);
        node.put("graceUntil", graceUntil == null ? null : graceUntil.toString());
        node.put("graceWorkingDaysLeft", graceUntil == null ? null : workingDaysLeft(policy, today, graceUntil));
        // The model is checked last, so a model no glob covers shows whether anything before it denies.
        LicenseDecision decision = policy.decide(product, null, now);
        DenyReason reason = decision.recordedReason();
        boolean servable = reason == null || reason == DenyReason.MODEL_NOT_LICENSED;
        node.put("servable", servable);
        node.put("denyReason", servable ? null : reason.code());
        ArrayNode globs = node.putArray("models");
        license.models().forEach(globs::add);
        ArrayNode covered = node.putArray("coveredModels");
        LicensedModels.covered(product, upstreamModels).forEach(covered::add);
        node.put("keyCount", product.apiKeyHashes().size());
        return node;
    }

    /** The last day of a pending product's grace period, or null when none applies. */
    private static LocalDate graceUntil(Product product, LicensePolicy policy) {
        if (product.license().status() != LicenseStatus.PENDING || product.launchedOn() == null) {
            return null;
        }
        return policy.calendar().addWorkingDays(product.launchedOn(), policy.graceWorkingDays());
    }

    /**
     * Working days from today through {@code graceUntil}, both included (0 once it has passed); only
     * meaningful in grace mode, but shown in every mode so an operator can plan a switch to it.
     */
    private static long workingDaysLeft(LicensePolicy policy, LocalDate today, LocalDate graceUntil) {
        long left = 0;
        for (LocalDate day = today; !day.isAfter(graceUntil); day = day.plusDays(1)) {
            if (policy.calendar().isWorkingDay(day)) {
                left++;
            }
        }
        return left;
    }
}
