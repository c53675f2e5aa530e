package io.aigw.gateway.quota;

import io.aigw.filters.license.ProductRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Products with quotas for the quota tests, written to a file the gateway reloads; each product's key is {@code <id>-key}. */
final class QuotaProducts {

    private QuotaProducts() {
    }

    /** One product entry: id, key {@code <id>-key}, licensed for every model, and {@code quota} (YAML flow mapping, or null). */
    static String product(String id, String quota) {
        return """
                  - id: %s
                    name: %s
                    company: Test Co
                    producer-code: "001191110102MAD55U9H0F10099"
                    api-keys: ["%s"]
                    license: { status: licensed, models: ["*"] }
                %s""".formatted(id, id, ProductRegistry.hashKey(id + "-key"), quota == null ? "" : "    quota: " + quota + "\n");
    }

    /** A new temporary products file holding {@code entries}. */
    static Path file(String... entries) {
        try {
            Path file = Files.createTempDirectory("aigw-quota-products").resolve("products.yaml");
            Files.writeString(file, "products:\n" + String.join("", entries), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code file}'s content the way editors do (a temporary file renamed over it). */
    static void replace(Path file, String... entries) {
        try {
            Path temp = Files.createTempFile(file.getParent(), "products", ".tmp");
            Files.writeString(temp, "products:\n" + String.join("", entries), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
