package io.aigw.filters.license;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The registered products, looked up by presented API key or by id. Immutable and thread-safe:
 * a reload builds a new registry and swaps the reference, so readers never see a half-loaded file.
 *
 * <p>Keys are never held in clear: the registry keeps only {@code sha256:<hex>} hashes and hashes
 * each presented key to look it up. The lookup compares hashes in a hash map, which only leaks
 * timing about the hash of a guessed key, not about the stored keys.
 */
public final class ProductRegistry {

    private static final String HASH_PREFIX = "sha256:";

    private final List<Product> products;
    private final Map<String, Product> byId;
    private final Map<String, Product> byKeyHash;

    private ProductRegistry(List<Product> products) {
        this.products = List.copyOf(products);
        var ids = new LinkedHashMap<String, Product>();
        var keys = new HashMap<String, Product>();
        for (Product p : this.products) {
            if (ids.putIfAbsent(p.id(), p) != null) {
                throw new IllegalArgumentException("duplicate product id: '" + p.id() + "'");
            }
            for (String hash : p.apiKeyHashes()) {
                Product owner = keys.putIfAbsent(hash, p);
                if (owner != null) {
                    throw new IllegalArgumentException("key hash '" + hash + "' used by products "
                            + owner.id() + " and " + p.id());
                }
            }
        }
        this.byId = Map.copyOf(ids);
        this.byKeyHash = Map.copyOf(keys);
    }

    /**
     * Builds a registry from products already validated (e.g. in tests or from another source).
     *
     * @throws IllegalArgumentException on a duplicate id or a key hash shared by two products
     */
    public static ProductRegistry of(List<Product> products) {
        return new ProductRegistry(Objects.requireNonNull(products, "products"));
    }

    /**
     * Reads and validates a registry file (UTF-8 YAML, format in docs/contract.md, "The registry file").
     * Blocking file I/O: call it at start-up or on a reload thread, never on an event loop.
     *
     * @throws RegistryException naming the file, the line and the offending value, when the file cannot
     *                           be read, is not UTF-8 or YAML, or breaks a rule
     */
    public static ProductRegistry load(Path file) {
        String source = file.toString();
        String yaml;
        try {
            yaml = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RegistryException(source, 0, "not valid UTF-8", null, e);
        } catch (IOException e) {
            throw new RegistryException(source, 0, "cannot read the file (" + e + ")", null, e);
        }
        return parse(yaml, source);
    }

    /**
     * Parses and validates registry YAML.
     *
     * @param sourceName how errors name the input, e.g. the file name
     * @throws RegistryException naming {@code sourceName}, the line and the offending value
     */
    public static ProductRegistry parse(String yaml, String sourceName) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        return new ProductRegistry(new ProductRegistryParser(sourceName).parse(yaml));
    }

    /**
     * Parses and validates one product as a remote registry serves it: a JSON object with the same
     * keys as an entry of the registry file (see docs/contract.md, "The registry file"). The gateway's
     * {@link ProductLoader} uses it.
     *
     * @param sourceName how errors name the input, e.g. the URL
     * @throws RegistryException naming {@code sourceName}, the line and the offending value
     */
    public static Product parseProductJson(String json, String sourceName) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(sourceName, "sourceName");
        return new ProductRegistryParser(sourceName).parseProductJson(json);
    }

    /**
     * The product whose key is {@code presentedKey}, compared by SHA-256 hash.
     *
     * @return empty for a null, empty or unknown key
     */
    public Optional<Product> findByApiKey(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKeyHash.get(hashKey(presentedKey)));
    }

    /** The product with this id; empty for null or unknown ids. */
    public Optional<Product> findById(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** All products, in file order; unmodifiable. */
    public List<Product> products() {
        return products;
    }

    /**
     * The registry form of a key: {@code sha256:} followed by the lower-case hex SHA-256 of the key's
     * UTF-8 bytes (the same as {@code printf %s "$KEY" | sha256sum}).
     *
     * @throws NullPointerException if {@code key} is null
     */
    public static String hashKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HASH_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ProductRegistry" + products.stream().map(Product::id).toList();
    }
}
