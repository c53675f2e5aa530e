package io.aigw.gateway.products;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.license.License;
import io.aigw.filters.license.LicenseStatus;
import io.aigw.filters.license.Product;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Which product a request speaks for when it carries one key, the same key twice, or two keys. */
class ProductAuthenticationTest {

    private final Product acme = product("acme");
    private final Product other = product("other");
    private final Map<String, Product> keys = Map.of("k-acme", acme, "k-acme-2", acme, "k-other", other);

    private static Product product(String id) {
        return new Product(id, id, "Test Co", "001191110102MAD55U9H0F10002", List.of(), null,
                new License(LicenseStatus.LICENSED, "N-1", LocalDate.parse("2026-01-01"), null, List.of("*")), null);
    }

    private ProductAuthentication auth(String bearer, String apiKey) {
        HttpHeaders headers = new HttpHeaders();
        if (bearer != null) {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        if (apiKey != null) {
            headers.set(ApiKeys.X_API_KEY, apiKey);
        }
        return ProductAuthentication.of(headers, key -> Optional.ofNullable(keys.get(key)));
    }

    @Test
    void oneKeyInEitherHeaderAuthenticates() {
        assertThat(auth("k-acme", null).authenticated()).contains(acme);
        assertThat(auth(null, "k-other").authenticated()).contains(other);
    }

    @Test
    void theSameKeyOrTwoKeysOfOneProductAuthenticate() {
        assertThat(auth("k-acme", "k-acme").authenticated()).contains(acme);
        assertThat(auth("k-acme", "k-acme-2").authenticated()).contains(acme);
    }

    @Test
    void keysOfTwoProductsAreRefusedNotGuessed() {
        ProductAuthentication auth = auth("k-acme", "k-other");
        assertThat(auth.authenticated()).isEmpty();
        assertThat(auth.failure()).contains("different products");
    }

    @Test
    void aKnownKeyNextToAnUnknownOneIsRefused() {
        assertThat(auth("k-acme", "nope").authenticated()).isEmpty();
        assertThat(auth("nope", "k-acme").failure()).contains("one of them invalid");
    }

    @Test
    void missingAndUnknownKeysAreNamed() {
        assertThat(auth(null, null).failure()).isEqualTo("missing API key");
        assertThat(auth("nope", null).failure()).isEqualTo("invalid API key");
        assertThat(auth(" ", "  ").failure()).isEqualTo("missing API key");
    }

    @Test
    void aRepeatedKeyHeaderIsRefusedWhicheverValueComesFirst() {
        for (String name : new String[] {HttpHeaders.AUTHORIZATION, ApiKeys.X_API_KEY}) {
            String prefix = name.equals(HttpHeaders.AUTHORIZATION) ? "Bearer " : "";
            HttpHeaders headers = new HttpHeaders();
            headers.add(name, prefix + "nope");
            headers.add(name, prefix + "k-acme");
            ProductAuthentication auth = ProductAuthentication.of(headers, key -> Optional.ofNullable(keys.get(key)));
            assertThat(auth.authenticated()).as(name).isEmpty();
            assertThat(auth.failure()).contains("more than one " + name);
            HttpHeaders same = new HttpHeaders();
            same.add(name, prefix + "k-acme");
            same.add(name, prefix + "k-acme");
            assertThat(ProductAuthentication.of(same, key -> Optional.ofNullable(keys.get(key))).authenticated()).as(name).isEmpty();
        }
    }
}
