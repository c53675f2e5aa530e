package io.aigw.filters.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

class JsonMappersTest {

    @Test
    void everyCallerGetsTheSameMappers() {
        assertThat(JsonMappers.json()).isSameAs(JsonMappers.json());
        assertThat(JsonMappers.strictJson()).isSameAs(JsonMappers.strictJson()).isNotSameAs(JsonMappers.json());
        assertThat(JsonMappers.yaml()).isSameAs(JsonMappers.yaml());
    }

    @Test
    void theSharedMapperKeepsTheLastOfDuplicateKeysWhileTheStrictOneRejectsThem() {
        String twice = "{\"model\":\"a\",\"model\":\"b\"}";

        assertThat(JsonMappers.json().readTree(twice).get("model").stringValue()).isEqualTo("b");
        assertThatThrownBy(() -> JsonMappers.strictJson().readTree(twice))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("Duplicate");
    }

    @Test
    void bigIntegersStayExactAndTrailingTokensAreRejected() {
        JsonNode big = JsonMappers.json().readTree("{\"n\":123456789012345678901234567890}");

        assertThat(big.get("n").bigIntegerValue()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThatThrownBy(() -> JsonMappers.json().readTree("{} {}")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> JsonMappers.strictJson().readTree("{} {}")).isInstanceOf(JacksonException.class);
    }

    @Test
    void yamlReadsConfigurationText() {
        JsonNode tree = JsonMappers.yaml().readTree("products:\n  - id: demo\n");

        assertThat(tree.path("products").get(0).path("id").stringValue()).isEqualTo("demo");
    }
}
