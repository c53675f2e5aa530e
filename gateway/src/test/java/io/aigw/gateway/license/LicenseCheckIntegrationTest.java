package io.aigw.gateway.license;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** {@code LicenseCheck} on the real routes and on routes in grace and monitor mode. */
class LicenseCheckIntegrationTest extends LicenseGatewayIntegrationTest {

    @ParameterizedTest
    @CsvSource({
        "suspended-key, suspended-app, license_suspended",
        "revoked-key, revoked-app, license_revoked",
        "pending-key, pending-app, license_pending",
        "late-pending-key, late-pending-app, license_pending",
        "expired-key, expired-app, license_expired",
        "future-key, future-app, license_not_yet_valid",
    })
    void strictModeDeniesWith403AndTheReasonBeforeTheUpstream(String key, String product, String reason) {
        double before = decisions(product, reason, "strict", "denied");
        assertLicenseError(chat("/v1/chat/completions", key), reason);
        assertUpstreamNeverCalled();
        assertThat(decisions(product, reason, "strict", "denied")).isEqualTo(before + 1);
    }

    @Test
    void modelNotLicensedIsAnAnthropicPermissionErrorOnTheMessagesRoute() {
        HttpResponse<String> response = send("/v1/messages", ANTHROPIC_BODY, "x-api-key", "other-key");
        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode body = json(response);
        assertThat(body.path("type").stringValue()).isEqualTo("error");
        assertThat(body.path("error").path("type").stringValue()).isEqualTo("permission_error");
        assertThat(body.path("error").path("message").stringValue()).contains("model_not_licensed", "claude-sonnet-4-5");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        assertUpstreamNeverCalled();
    }

    @Test
    void modelNotLicensedOnTheOpenAiRouteCarriesTheCode() {
        String body = "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertLicenseError(send("/v1/chat/completions", body, "Authorization", "Bearer other-key"), "model_not_licensed");
        assertUpstreamNeverCalled();
    }

    @Test
    void licensedProductsReachTheUpstreamAndAreCounted() {
        stubUpstreamOk();
        double before = decisions("other-app", "none", "strict", "allowed");
        assertThat(chat("/v1/chat/completions", "other-key").statusCode()).isEqualTo(200);
        UPSTREAM.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(decisions("other-app", "none", "strict", "allowed")).isEqualTo(before + 1);
    }

    @Test
    void graceRouteServesAPendingProductUntilItsGraceRunsOut() {
        stubUpstreamOk();
        assertThat(chat("/grace/v1/chat/completions", "pending-key").statusCode()).isEqualTo(200);
        assertLicenseError(chat("/grace/v1/chat/completions", "late-pending-key"), "grace_period_expired");
        // Launched Friday 2026-11-20: the 10th working day after it is Friday 2026-12-04.
        CLOCK.advance(Duration.ofDays(10)); // 2026-12-04, the last day
        assertThat(chat("/grace/v1/chat/completions", "pending-key").statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofDays(1));
        assertLicenseError(chat("/grace/v1/chat/completions", "pending-key"), "grace_period_expired");
        // Grace mode still enforces the rest.
        assertLicenseError(chat("/grace/v1/chat/completions", "suspended-key"), "license_suspended");
    }

    @Test
    void monitorRouteLetsEverythingThroughAndCountsWhatItWouldHaveDenied() {
        stubUpstreamOk();
        double before = decisions("suspended-app", "license_suspended", "monitor", "would_deny");
        assertThat(chat("/monitor/v1/chat/completions", "suspended-key").statusCode()).isEqualTo(200);
        assertThat(chat("/monitor/v1/chat/completions", "expired-key").statusCode()).isEqualTo(200);
        UPSTREAM.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        assertThat(decisions("suspended-app", "license_suspended", "monitor", "would_deny")).isEqualTo(before + 1);
    }

    @Test
    void prometheusShowsTheDecisionCounter() {
        chat("/v1/chat/completions", "revoked-key");
        HttpResponse<String> scrape = getAbsolute("http://127.0.0.1:" + managementPort + "/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).containsPattern(
                "aigw_license_decisions_total\\{[^}]*outcome=\"denied\"[^}]*product=\"revoked-app\"[^}]*reason=\"license_revoked\"");
    }

    private HttpResponse<String> getAbsolute(String url) {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
