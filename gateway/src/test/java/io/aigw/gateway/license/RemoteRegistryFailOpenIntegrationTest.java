package io.aigw.gateway.license;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** With {@code aigw.license.fail-open=true}, an unreachable registry lets traffic through, counted and logged at WARN. */
@TestPropertySource(properties = {
    "aigw.license.source=http",
    "aigw.license.timeout=1s",
    "aigw.license.fail-open=true",
})
class RemoteRegistryFailOpenIntegrationTest extends LicenseGatewayIntegrationTest {

    static final WireMockServer REGISTRY = RemoteRegistryIntegrationTest.REGISTRY;

    @DynamicPropertySource
    static void registryUrl(DynamicPropertyRegistry registry) {
        registry.add("aigw.license.url", () -> REGISTRY.baseUrl() + "/products/{id}");
    }

    @Test
    void anUnreachableRegistryFailsOpen() {
        REGISTRY.resetAll();
        stubUpstreamOk();
        REGISTRY.stubFor(get("/products/test-app").willReturn(aResponse().withStatus(503)));
        double before = decisions("test-app", "license_registry_unavailable", "strict", "failed_open");
        assertThat(chat("/v1/chat/completions", KEY).statusCode()).isEqualTo(200);
        UPSTREAM.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(decisions("test-app", "license_registry_unavailable", "strict", "failed_open")).isEqualTo(before + 1);
    }
}
