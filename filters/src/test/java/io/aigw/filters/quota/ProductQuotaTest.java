package io.aigw.filters.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigw.filters.license.Product;
import io.aigw.filters.license.ProductRegistry;
import io.aigw.filters.license.RegistryException;
import org.junit.jupiter.api.Test;

/** The {@code quota:} of a product in the registry file, and the scopes a request falls in. */
class ProductQuotaTest {

    private static final String PRODUCT = """
            products:
              - id: acme
                name: Acme
                company: Acme Ltd
                producer-code: "001191110102MAD55U9H0F10002"
                api-keys: ["%s"]
                license: { status: licensed, models: ["*"] }
            %s""";

    private static ProductRegistry parse(String quota) {
        return ProductRegistry.parse(PRODUCT.formatted(ProductRegistry.hashKey("k"), quota), "products.yaml");
    }

    @Test
    void productAndModelLimitsAreParsedAndScopedByTheFirstMatchingGlob() {
        Product acme = parse("""
                    quota:
                      requests-per-minute: 600
                      tokens-per-minute: 100_000
                      tokens-per-day: 2000000
                      concurrent-streams: 20
                      models:
                        "gpt-4o-mini": { requests-per-minute: 100 }
                        "gpt-4o*": { tokens-per-minute: 20000, concurrent-streams: 2 }
                """).findById("acme").orElseThrow();
        ProductQuota quota = acme.quota();
        assertThat(quota.limits()).isEqualTo(new QuotaLimits(600L, 100_000L, 2_000_000L, 20));

        assertThat(quota.scopes("acme", "gpt-4o")).containsExactly(
                new QuotaScope("{acme}", quota.limits()),
                new QuotaScope("{acme}|gpt-4o*", new QuotaLimits(null, 20_000L, null, 2)));
        assertThat(quota.scopes("acme", "gpt-4o-mini")).extracting(QuotaScope::key).containsExactly("{acme}", "{acme}|gpt-4o-mini");
        assertThat(quota.scopes("acme", "claude-haiku-4-5")).extracting(QuotaScope::key).containsExactly("{acme}");
        assertThat(ProductQuota.buckets(quota.scopes("acme", "gpt-4o"))).extracting(QuotaBucket::key)
                .containsExactly("{acme}:rpm", "{acme}:tpm", "{acme}:tpd", "{acme}|gpt-4o*:tpm");
    }

    @Test
    void aProductWithoutQuotaHasNone() {
        assertThat(parse("").findById("acme").orElseThrow().quota()).isNull();
    }

    @Test
    void badQuotasAreRejectedWithTheirLine() {
        assertThatThrownBy(() -> parse("    quota: { requests-per-minute: 0 }\n"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("requests-per-minute must be positive")
                .hasMessageContaining("products.yaml:8:");
        assertThatThrownBy(() -> parse("    quota: { requests-per-minute: lots }\n"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse("    quota: { requests-per-hour: 5 }\n"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("unknown key");
        assertThatThrownBy(() -> parse("    quota: {}\n"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("quota sets no limit");
        assertThatThrownBy(() -> parse("    quota: { models: { \"gpt*\": { models: {} } } }\n"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("unknown key");
        assertThatThrownBy(() -> parse("    quota: { concurrent-streams: 99999999999 }\n"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("too large");
    }
}
