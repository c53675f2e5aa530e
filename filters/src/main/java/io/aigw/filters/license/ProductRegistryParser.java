package io.aigw.filters.license;

import io.aigw.filters.license.LocatedTree.Entry;
import io.aigw.filters.license.LocatedTree.Mapping;
import io.aigw.filters.license.LocatedTree.Node;
import io.aigw.filters.license.LocatedTree.Scalar;
import io.aigw.filters.license.LocatedTree.Sequence;
import io.aigw.filters.quota.ModelQuota;
import io.aigw.filters.quota.ProductQuota;
import io.aigw.filters.quota.QuotaLimits;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the registry YAML (see docs/contract.md, "The registry file") into products, rejecting anything
 * doubtful with a {@link RegistryException} that names the source, the line and the value: unknown
 * keys, missing required fields, bad ids, dates, statuses, hashes and producer codes, duplicate ids
 * and key hashes shared between products. Stateless apart from the source name; one instance per parse.
 */
final class ProductRegistryParser {

    private static final Set<String> TOP_KEYS = Set.of("products");
    private static final Set<String> PRODUCT_KEYS = Set.of("id", "name", "company", "producer-code",
            "api-keys", "launched-on", "license", "label", "quota");
    private static final Set<String> LICENSE_KEYS = Set.of("status", "number", "valid-from",
            "valid-until", "models");
    private static final Set<String> QUOTA_KEYS = Set.of("requests-per-minute", "tokens-per-minute", "tokens-per-day",
            "concurrent-streams", "models");
    private static final Set<String> MODEL_QUOTA_KEYS = Set.of("requests-per-minute", "tokens-per-minute", "tokens-per-day",
            "concurrent-streams");
    private static final Set<String> LABEL_KEYS = Set.of("locale", "position", "text", "explicit-opt-out");

    private final String source;

    ProductRegistryParser(String source) {
        this.source = source;
    }

    List<Product> parse(String yaml) {
        Node root = LocatedTree.readYaml(yaml, source);
        if (root == null) {
            throw error(1, "empty registry, expected a top-level 'products:' list", null);
        }
        Mapping top = mapping(root, "the registry");
        checkKeys(top, TOP_KEYS);
        Sequence list = sequence(required(top, "products"), "products");
        var products = new ArrayList<Product>();
        var idLines = new HashMap<String, Integer>();
        var keyOwners = new HashMap<String, String>();
        for (Node item : list.items()) {
            Product product = product(mapping(item, "a product"));
            Integer previous = idLines.putIfAbsent(product.id(), idLine(item));
            if (previous != null) {
                throw error(idLine(item), "duplicate product id (first at line " + previous + ")", product.id());
            }
            checkKeysUnique(product, (Mapping) item, keyOwners);
            products.add(product);
        }
        return products;
    }

    /** One product object in JSON, as a remote registry serves it (same keys as a registry entry). */
    Product parseProductJson(String json) {
        Node root = LocatedTree.readJson(json, source);
        if (root == null) {
            throw error(1, "empty product document", null);
        }
        return product(mapping(root, "a product"));
    }

    private Product product(Mapping map) {
        checkKeys(map, PRODUCT_KEYS);
        String id = checked(requiredText(map, "id"), ProductRules::idProblem);
        String name = checked(requiredText(map, "name"), v -> ProductRules.blankProblem("name", v));
        String company = checked(requiredText(map, "company"), v -> ProductRules.blankProblem("company", v));
        String producerCode = checked(requiredText(map, "producer-code"), ProductRules::producerCodeProblem);
        List<String> keyHashes = new ArrayList<>();
        for (Scalar s : scalars(required(map, "api-keys"), "api-keys")) {
            String hash = checked(s, ProductRules::keyHashProblem);
            if (keyHashes.contains(hash)) {
                throw error(s.line(), "duplicate key hash", hash);
            }
            keyHashes.add(hash);
        }
        LocalDate launchedOn = date(map, "launched-on");
        License license = license(mapping(required(map, "license"), "license"));
        Node labelNode = optional(map, "label");
        LabelOverride label = labelNode == null ? null : label(mapping(labelNode, "label"));
        Node quotaNode = optional(map, "quota");
        ProductQuota quota = quotaNode == null ? null : quota(mapping(quotaNode, "quota"));
        try {
            return new Product(id, name, company, producerCode, keyHashes, launchedOn, license, label, quota);
        } catch (IllegalArgumentException e) {
            throw error(map.line(), e.getMessage(), null); // unreachable while the rules above mirror the record's
        }
    }

    private License license(Mapping map) {
        checkKeys(map, LICENSE_KEYS);
        Scalar statusNode = requiredText(map, "status");
        LicenseStatus status = LicenseStatus.fromWireName(statusNode.text()).orElseThrow(() -> error(
                statusNode.line(), "unknown license status (expected licensed, pending, suspended or revoked)",
                statusNode.text()));
        Scalar numberNode = scalar(optional(map, "number"), "number");
        LocalDate from = date(map, "valid-from");
        LocalDate until = date(map, "valid-until");
        if (from != null && until != null && from.isAfter(until)) {
            throw error(map.entries().get("valid-until").keyLine(),
                    "valid-until is before valid-from " + from, until.toString());
        }
        List<String> models = new ArrayList<>();
        Node modelsNode = optional(map, "models");
        if (modelsNode != null) {
            for (Scalar s : scalars(modelsNode, "models")) {
                models.add(checked(s, v -> v.isBlank() ? "blank model glob" : null));
            }
        }
        return new License(status, numberNode == null ? null : numberNode.text(), from, until, models);
    }

    private LabelOverride label(Mapping map) {
        checkKeys(map, LABEL_KEYS);
        Scalar position = scalar(optional(map, "position"), "position");
        if (position != null) {
            checked(position, LabelOverride::positionProblem);
        }
        Scalar optOut = scalar(optional(map, "explicit-opt-out"), "explicit-opt-out");
        if (optOut != null) {
            checked(optOut, v -> v.isBlank() ? "blank user agreement reference" : null);
        }
        return new LabelOverride(text(optional(map, "locale"), "locale"),
                position == null ? null : position.text(), text(optional(map, "text"), "text"),
                optOut == null ? null : optOut.text());
    }

    /** {@code quota:}: the product's limits, and {@code models:} mapping a model glob to its own limits. */
    private ProductQuota quota(Mapping map) {
        checkKeys(map, QUOTA_KEYS);
        QuotaLimits limits = quotaLimits(map);
        List<ModelQuota> models = new ArrayList<>();
        Node modelsNode = optional(map, "models");
        if (modelsNode != null) {
            for (Entry entry : mapping(modelsNode, "quota.models").entries().values()) {
                if (entry.key().isBlank()) {
                    throw error(entry.keyLine(), "blank model glob", entry.key());
                }
                Mapping limitsMap = mapping(entry.value(), "the quota of model " + entry.key());
                checkKeys(limitsMap, MODEL_QUOTA_KEYS);
                QuotaLimits modelLimits = quotaLimits(limitsMap);
                if (modelLimits.isEmpty()) {
                    throw error(entry.keyLine(), "model quota sets no limit", entry.key());
                }
                models.add(new ModelQuota(entry.key(), modelLimits));
            }
        }
        if (limits.isEmpty() && models.isEmpty()) {
            throw error(map.line(), "quota sets no limit", "quota");
        }
        return new ProductQuota(limits, models);
    }

    private QuotaLimits quotaLimits(Mapping map) {
        Long streams = positiveLong(map, "concurrent-streams");
        if (streams != null && streams > Integer.MAX_VALUE) {
            throw error(map.entries().get("concurrent-streams").value().line(), "too large", streams.toString());
        }
        return new QuotaLimits(positiveLong(map, "requests-per-minute"), positiveLong(map, "tokens-per-minute"),
                positiveLong(map, "tokens-per-day"), streams == null ? null : streams.intValue());
    }

    private Long positiveLong(Mapping map, String key) {
        Scalar s = scalar(optional(map, key), key);
        if (s == null) {
            return null;
        }
        long value;
        try {
            value = Long.parseLong(s.text().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(s.line(), key + " must be a whole number", s.text());
        }
        if (value <= 0) {
            throw error(s.line(), key + " must be positive", s.text());
        }
        return value;
    }

    private void checkKeysUnique(Product product, Mapping map, Map<String, String> keyOwners) {
        Sequence keys = (Sequence) map.entries().get("api-keys").value();
        for (Node node : keys.items()) {
            String hash = ((Scalar) node).text();
            String owner = keyOwners.putIfAbsent(hash, product.id());
            if (owner != null) {
                throw error(node.line(), "key hash already used by product " + owner, hash);
            }
        }
    }

    private int idLine(Node item) {
        return ((Mapping) item).entries().get("id").value().line();
    }

    // --- structural helpers -------------------------------------------------------------------

    private void checkKeys(Mapping map, Set<String> allowed) {
        for (Entry entry : map.entries().values()) {
            if (!allowed.contains(entry.key())) {
                throw error(entry.keyLine(), "unknown key (expected one of " + sorted(allowed) + ")", entry.key());
            }
        }
    }

    private Node required(Mapping map, String key) {
        Node node = optional(map, key);
        if (node == null) {
            throw error(map.line(), "missing required field", key);
        }
        return node;
    }

    /** The value under {@code key}, or null when the key is absent or its value is YAML null. */
    private static Node optional(Mapping map, String key) {
        Entry entry = map.entries().get(key);
        if (entry == null || entry.value() instanceof Scalar s && s.text() == null) {
            return null;
        }
        return entry.value();
    }

    private Scalar requiredText(Mapping map, String key) {
        return scalar(required(map, key), key);
    }

    private String text(Node node, String what) {
        Scalar s = scalar(node, what);
        return s == null ? null : s.text();
    }

    private Scalar scalar(Node node, String what) {
        if (node == null || node instanceof Scalar) {
            return (Scalar) node;
        }
        throw error(node.line(), what + " must be a single value, not a " + kind(node), what);
    }

    private Mapping mapping(Node node, String what) {
        if (node instanceof Mapping m) {
            return m;
        }
        throw error(node.line(), what + " must be a mapping, not a " + kind(node), describe(node));
    }

    private Sequence sequence(Node node, String what) {
        if (node instanceof Sequence s) {
            return s;
        }
        throw error(node.line(), what + " must be a list, not a " + kind(node), describe(node));
    }

    private List<Scalar> scalars(Node node, String what) {
        var out = new ArrayList<Scalar>();
        for (Node item : sequence(node, what).items()) {
            if (!(item instanceof Scalar s) || s.text() == null) {
                throw error(item.line(), what + " entries must be non-null single values", describe(item));
            }
            out.add(s);
        }
        return out;
    }

    private LocalDate date(Mapping map, String key) {
        Scalar s = scalar(optional(map, key), key);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s.text());
        } catch (DateTimeParseException e) {
            throw error(s.line(), "invalid date (expected YYYY-MM-DD)", s.text());
        }
    }

    private String checked(Scalar s, java.util.function.Function<String, String> rule) {
        String problem = rule.apply(s.text());
        if (problem != null) {
            throw error(s.line(), problem, s.text());
        }
        return s.text();
    }

    private RegistryException error(int line, String problem, String value) {
        return new RegistryException(source, line, problem, value, null);
    }

    private static String kind(Node node) {
        return node instanceof Mapping ? "mapping" : node instanceof Sequence ? "list" : "value";
    }

    private static String describe(Node node) {
        return node instanceof Scalar s ? String.valueOf(s.text()) : kind(node);
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
