package io.aigw.filters.license;

import io.aigw.filters.quota.ProductQuota;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An AI product registered with the gateway: who is responsible for it, which keys identify it
 * and under which license it may be served. Immutable and thread-safe.
 *
 * @param id           {@code [a-z0-9-]+}
 * @param name         display name, not blank
 * @param company      the responsible provider, not blank
 * @param producerCode GB 45438 {@code ContentProducer}: printable ASCII without space, {@code "} or
 *                     {@code \}, at most 128 characters
 * @param apiKeyHashes {@code sha256:<64 lower-case hex>} hashes of the product's keys (see
 *                     {@link ProductRegistry#hashKey(String)}); copied, without duplicates, may be
 *                     empty (a product nobody can call, e.g. during key rotation)
 * @param launchedOn   launch day, used by {@link LicenseMode#GRACE}; null when unknown
 * @param license      never null
 * @param label        per-product label overrides; null when none
 * @param quota        rate limits and token quotas; null when the product has none
 * @throws NullPointerException     if a component other than {@code launchedOn} or {@code label} is null
 * @throws IllegalArgumentException if a value breaks the rules above; the message names the value
 */
public record Product(String id, String name, String company, String producerCode,
                      List<String> apiKeyHashes, LocalDate launchedOn, License license,
                      LabelOverride label, ProductQuota quota) {

    public Product {
        check(ProductRules.idProblem(Objects.requireNonNull(id, "id")), id);
        check(ProductRules.blankProblem("name", Objects.requireNonNull(name, "name")), name);
        check(ProductRules.blankProblem("company", Objects.requireNonNull(company, "company")), company);
        check(ProductRules.producerCodeProblem(Objects.requireNonNull(producerCode, "producerCode")),
                producerCode);
        apiKeyHashes = List.copyOf(Objects.requireNonNull(apiKeyHashes, "apiKeyHashes"));
        var seen = new HashSet<String>();
        for (String hash : apiKeyHashes) {
            check(ProductRules.keyHashProblem(hash), hash);
            if (!seen.add(hash)) {
                throw new IllegalArgumentException("duplicate key hash '" + hash + "' in product " + id);
            }
        }
        Objects.requireNonNull(license, "license");
    }

    /** A product without quota. */
    public Product(String id, String name, String company, String producerCode, List<String> apiKeyHashes,
                   LocalDate launchedOn, License license, LabelOverride label) {
        this(id, name, company, producerCode, apiKeyHashes, launchedOn, license, label, null);
    }

    /** The label overrides, if any. */
    public Optional<LabelOverride> labelOverride() {
        return Optional.ofNullable(label);
    }

    private static void check(String problem, String value) {
        if (problem != null) {
            throw new IllegalArgumentException(problem + ": '" + value + "'");
        }
    }
}
