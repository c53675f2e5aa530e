package io.aigw.filters.license;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The registries shipped in {@code config/} load, and their documented example keys work. */
class ShippedRegistriesTest {

    private static Path config(String relative) {
        Path fromModule = Path.of("..", "config").resolve(relative);
        return Files.exists(fromModule) ? fromModule : Path.of("config").resolve(relative);
    }

    @Test
    void exampleRegistryLoadsWithItsDocumentedKeys() {
        ProductRegistry registry = ProductRegistry.load(config("products.yaml"));

        assertThat(registry.findByApiKey("example-acme-key")).map(Product::id).contains("acme-chat");
        assertThat(registry.findByApiKey("example-acme-key-2")).map(Product::id).contains("acme-chat");
        assertThat(registry.findByApiKey("example-beta-key")).map(Product::id).contains("beta-bot");
    }

    @Test
    void demoRegistryServesTheDemoKey() {
        ProductRegistry registry = ProductRegistry.load(config("demo/products.yaml"));

        Product demo = registry.findByApiKey("aigw-demo-key").orElseThrow();
        assertThat(demo.id()).isEqualTo("demo-chat");
        assertThat(demo.company()).isEqualTo("Demo Co");
        assertThat(demo.license().status()).isEqualTo(LicenseStatus.LICENSED);
        assertThat(demo.license().coversModel("any-model-at-all")).isTrue();
    }
}
