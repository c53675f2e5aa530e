package io.aigw.gateway.license;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The products file is reloaded while the gateway serves: keys added and removed, a status changed,
 * and an invalid file in between rejected while the previous registry keeps serving. Files are
 * replaced the way editors do (write a temporary file, rename it over the original).
 */
class ProductReloadIntegrationTest extends LicenseGatewayIntegrationTest {

    private static final String NEW_KEY = "reload-key";
    private static final String NEW_PRODUCT = """
              - id: reload-app
                name: Reload App
                company: Test Co
                producer-code: "001191110102MAD55U9H0F10010"
                api-keys: ["%s"]
                license: { status: licensed, number: "TEST-0010", models: ["gpt-*"] }
            """.formatted(io.aigw.filters.license.ProductRegistry.hashKey(NEW_KEY));

    @AfterEach
    void restoreProducts() {
        String original = read(ORIGINAL_PRODUCTS);
        if (!read(PRODUCTS).equals(original)) {
            double before = reloads("reloaded");
            replace(original);
            await("the original products to be back", () -> reloads("reloaded") > before);
        }
    }

    @Test
    void keysAndStatusesChangeWithoutARestartAndBadFilesAreRejected() {
        stubUpstreamOk();
        String original = read(ORIGINAL_PRODUCTS);
        assertThat(chat("/v1/chat/completions", NEW_KEY).statusCode()).isEqualTo(401);

        // A key added.
        replace(original + NEW_PRODUCT);
        await("the new key to be accepted", () -> chat("/v1/chat/completions", NEW_KEY).statusCode() == 200);

        // An invalid file: rejected, the previous registry keeps serving.
        double rejectedBefore = reloads("rejected");
        replace(original + NEW_PRODUCT.replace("status: licensed", "status: bogus"));
        await("the bad file to be rejected", () -> reloads("rejected") > rejectedBefore);
        assertThat(chat("/v1/chat/completions", NEW_KEY).statusCode()).isEqualTo(200);
        assertThat(chat("/v1/chat/completions", "other-key").statusCode()).isEqualTo(200);

        // A status changed to suspended.
        replace(original.replaceFirst("(id: other-app[\\s\\S]*?status: )licensed", "$1suspended") + NEW_PRODUCT);
        await("other-app to be suspended", () -> chat("/v1/chat/completions", "other-key").statusCode() == 403);
        assertLicenseError(chat("/v1/chat/completions", "other-key"), "license_suspended");
        assertThat(chat("/v1/chat/completions", NEW_KEY).statusCode()).isEqualTo(200);

        // The key removed again.
        replace(original);
        await("the key to be gone", () -> chat("/v1/chat/completions", NEW_KEY).statusCode() == 401);
        assertThat(chat("/v1/chat/completions", "other-key").statusCode()).isEqualTo(200);
    }

    private double reloads(String outcome) {
        Counter counter = meters.find(ProductFileWatcher.METER).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Writes a temporary file next to the products file and renames it over it, as editors do. */
    private static void replace(String content) {
        try {
            Path temp = Files.createTempFile(PRODUCTS.getParent(), "products", ".tmp");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, PRODUCTS, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
