package io.aigw.gateway.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.label.SigningKeys;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The console's pages and data over plain HTTP on the shared context: the sign-in takes the admin token
 * and hands out a session, which every data endpoint requires (and refuses once expired or forged), the
 * pages carry the strict headers, and the export is signed by the audit key.
 */
class ConsoleEndpointsIntegrationTest extends GatewayIntegrationTest {

    static final String OPENAI_ANSWER = """
            {"id":"chatcmpl-c","object":"chat.completion","created":1763983201,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there."},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";

    @Autowired
    io.aigw.gateway.audit.AuditLayout auditLayout;

    @Autowired
    SigningKeys auditSigningKeys;

    @Autowired
    io.aigw.gateway.audit.AuditProperties auditProperties;

    @Autowired
    ConsoleSessions consoleSessions;

    @Autowired
    java.time.Clock clock;

    static final String[] DATA_PATHS = {"/admin/console/session", "/admin/console/overview", "/admin/console/products",
        "/admin/console/audit", "/admin/console/report", "/admin/console/export?format=json", "/admin/console/export?format=pdf"};

    private String session;

    @Test
    void everyDataEndpointRefusesAMissingOrWrongTokenAndTheAdminTokenItself() {
        for (String path : DATA_PATHS) {
            HttpResponse<String> none = console(path);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.body()).as(path).doesNotContain("test-app");
            assertThat(none.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
            assertThat(console(path, "Authorization", "Bearer wrong-token").statusCode()).as(path).isEqualTo(401);
            assertThat(console(path, "Authorization", "Bearer " + session() + "x").statusCode()).as(path).isEqualTo(401);
            // Only the sign-in takes the admin token; a product key is neither.
            assertThat(console(path, "Authorization", "Bearer " + ADMIN_TOKEN).statusCode()).as(path).isEqualTo(401);
            assertThat(console(path, "Authorization", "Bearer " + KEY).statusCode()).as(path).isEqualTo(401);
            assertThat(console(path, "Authorization", "Bearer " + session()).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void theSignInExchangesTheAdminTokenForASessionAndRefusesAnythingElse() {
        HttpResponse<String> signedIn = postWith("/admin/console/session", ADMIN_TOKEN);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = Json.MAPPER.readTree(signedIn.body());
        assertThat(body.path("token").stringValue()).isNotBlank().doesNotContain(ADMIN_TOKEN);
        assertThat(body.path("idleTimeoutSeconds").longValue()).isEqualTo(900);
        assertThat(body.path("maxLifetimeSeconds").longValue()).isEqualTo(8 * 3600);
        assertThat(java.time.Instant.parse(body.path("expiresAt").stringValue()))
                .isBetween(clock.instant(), clock.instant().plus(Duration.ofMinutes(15)));

        assertThat(postWith("/admin/console/session", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(postWith("/admin/console/session", null).statusCode()).isEqualTo(401);
        // A session does not sign in again, and the admin token does not renew.
        assertThat(postWith("/admin/console/session", body.path("token").stringValue()).statusCode()).isEqualTo(401);
        assertThat(postWith("/admin/console/session/renew", ADMIN_TOKEN).statusCode()).isEqualTo(401);
        // The sign-in is a POST: a GET with the admin token is not one.
        assertThat(console("/admin/console/session", "Authorization", "Bearer " + ADMIN_TOKEN).statusCode()).isEqualTo(401);

        HttpResponse<String> renewed = postWith("/admin/console/session/renew", body.path("token").stringValue());
        assertThat(renewed.statusCode()).isEqualTo(200);
        String next = Json.MAPPER.readTree(renewed.body()).path("token").stringValue();
        assertThat(console("/admin/console/overview", "Authorization", "Bearer " + next).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredSessionIsRefusedAsExpiredAndAForgedOneAsUnauthorized() {
        // Signed by this gateway for a sign-in one idle timeout ago: expired now by the gateway's clock.
        String expired = consoleSessions.token(consoleSessions.issue(clock.instant().minus(consoleSessions.idleTimeout())));
        String live = consoleSessions.token(consoleSessions.issue(clock.instant()));
        // The live session's claims with a signature this gateway did not make (32 zero bytes).
        String forged = live.substring(0, live.indexOf('.') + 1) + "A".repeat(43);
        for (String path : DATA_PATHS) {
            HttpResponse<String> refused = console(path, "Authorization", "Bearer " + expired);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(refused.body()).path("error").stringValue()).isEqualTo("session_expired");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"aigw-console\"");
            HttpResponse<String> forgery = console(path, "Authorization", "Bearer " + forged);
            assertThat(forgery.statusCode()).as(path).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(forgery.body()).path("error").stringValue()).isEqualTo("unauthorized");
        }
        assertThat(postWith("/admin/console/session/renew", expired).statusCode()).isEqualTo(401);
    }

    @Test
    void theConsoleIsOnTheManagementPortOnlyAsTheAdminEndpointsAre() {
        assertThat(fetch("/console/overview.html").statusCode()).isEqualTo(404);
        assertThat(fetch("/console/").statusCode()).isEqualTo(404);
        assertThat(fetch("/admin/console/overview", "Authorization", "Bearer " + session()).statusCode()).isEqualTo(404);
        assertThat(fetch("/webjars/chart.js/4.4.9/dist/chart.umd.js").statusCode()).isEqualTo(404);
        assertThat(console("/console/overview.html").statusCode()).isEqualTo(200);
    }

    @Test
    void pagesAreServedWithAStrictContentSecurityPolicyAndNoFraming() {
        HttpResponse<String> page = console("/console/overview.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                "object-src 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        // No inline script or style for the policy to have to allow.
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=")
                .doesNotContain("<style");
        assertThat(console("/console/").body()).isEqualTo(page.body());
        assertThat(console("/console").statusCode()).isEqualTo(308);
        assertThat(console("/console/lib/chart.umd.js").body()).contains("Chart.js");
        assertThat(console("/console/../config/application.yml").statusCode()).isEqualTo(404);
        assertThat(console("/console/application.properties").statusCode()).isEqualTo(404);
        assertThat(console("/console/%2e%2e/application.properties").statusCode()).isIn(400, 404);
    }

    @Test
    void productsShowLicenseFiguresAndKeyCountsButNeverKeys() {
        HttpResponse<String> response = console("/admin/console/products", "Authorization", "Bearer " + session());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("sha256:").doesNotContain("62af8704764faf8ea82fc61ce9c4c3908b6cb97d");
        JsonNode products = Json.MAPPER.readTree(response.body()).path("products");
        JsonNode testApp = find(products, "test-app");
        assertThat(testApp.path("status").stringValue()).isEqualTo("licensed");
        assertThat(testApp.path("validUntil").stringValue()).isEqualTo("2030-12-31");
        assertThat(testApp.path("daysLeft").longValue()).isPositive();
        assertThat(testApp.path("servable").booleanValue()).isTrue();
        assertThat(testApp.path("keyCount").intValue()).isEqualTo(1);
        JsonNode expired = find(products, "expired-app");
        assertThat(expired.path("daysLeft").longValue()).isNegative();
        assertThat(expired.path("servable").booleanValue()).isFalse();
        assertThat(expired.path("denyReason").stringValue()).isEqualTo("license_expired");
        JsonNode pending = find(products, "pending-app");
        assertThat(pending.path("graceUntil").stringValue()).isEqualTo("2026-12-04");
        assertThat(pending.path("graceWorkingDaysLeft").isNumber()).isTrue();
        JsonNode other = find(products, "other-app");
        assertThat(other.path("models").toString()).isEqualTo("[\"gpt-*\"]");
        assertThat(other.path("coveredModels").toString()).contains("gpt-4o").doesNotContain("claude");
    }

    @Test
    void overviewCountsTrafficPerRouteAndProductAndTheUpstreamBreakers() {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OPENAI_ANSWER)));
        long before = routeRequests(overview(), "openai-chat");
        assertThat(send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);

        // The route timer records when the exchange ends, just after the client has its answer.
        JsonNode overview = Awaitility.await("the route timer").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(this::overview, o -> routeRequests(o, "openai-chat") > before);
        assertThat(routeRequests(overview, "openai-chat")).isEqualTo(before + 1);
        JsonNode product = find(overview.path("products"), "test-app", "product");
        assertThat(product.path("requests").longValue()).isPositive();
        assertThat(product.path("generated").longValue()).isPositive();
        assertThat(product.path("coverage").stringValue()).isEqualTo("100%");
        assertThat(overview.path("upstreams").toString()).contains("\"name\":\"upstream-openai-chat\"", "\"state\":\"CLOSED\"");
        assertThat(overview.path("audit").stringValue()).isEqualTo("running");
    }

    @Test
    void theExportIsSignedByTheAuditKeyWithTheCommandsToCheckItPrintedOnThePdf() throws Exception {
        UPSTREAM.stubFor(post(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OPENAI_ANSWER)));
        assertThat(send("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);

        String today = java.time.LocalDate.now(auditProperties.zone()).toString();
        HttpResponse<String> json = console("/admin/console/export?format=json&product=test-app",
                "Authorization", "Bearer " + session());
        assertThat(json.statusCode()).isEqualTo(200);
        byte[] signature = Base64.getDecoder().decode(json.headers().firstValue("Aigw-Signature").orElseThrow());
        assertThat(json.headers().firstValue("Aigw-Signature-Kid")).contains(auditSigningKeys.active().kid());
        assertThat(verifies(json.body().getBytes(StandardCharsets.UTF_8), signature)).isTrue();
        assertThat(verifies((json.body() + " ").getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(Json.MAPPER.readTree(json.body()).path("total").path("generated").longValue()).isPositive();

        assertThat(json.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=\"aigw-report-" + today + "_" + today + "-test-app.json\"");
        byte[] pdf = fetchBytes("/admin/console/export?format=pdf&product=test-app");
        assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        String text = pdfText(pdf);
        assertThat(text).contains("Compliance report", "test-app", "Labeling coverage", "License denials",
                "Exemptions", auditSigningKeys.active().kid(),
                "openssl pkeyutl -verify -pubin -inkey aigw-audit-key.pem -rawin",
                "-in aigw-report-" + today + "_" + today + "-test-app.json -sigfile aigw-report.sig");
        String signatureLine = text.lines().filter(l -> l.startsWith("echo '")).findFirst().orElseThrow();
        byte[] printed = Base64.getDecoder().decode(signatureLine.substring(6, signatureLine.indexOf('\'', 6)));
        // The PDF prints the signature of the report data printed in its appendix.
        String appendix = text.substring(text.indexOf("{\"from\""));
        String printedJson = appendix.lines().takeWhile(l -> !l.isBlank()).reduce("", String::concat).strip();
        printedJson = printedJson.substring(0, printedJson.lastIndexOf('}') + 1);
        assertThat(verifies(printedJson.getBytes(StandardCharsets.UTF_8), printed)).isTrue();
    }

    @Test
    void thePdfOfAProductWithAChineseNamePrintsTheNameAndCompany() throws Exception {
        byte[] pdf = fetchBytes("/admin/console/export?format=pdf&product=cn-app");
        String text = pdfText(pdf);
        // The built-in PDF fonts would print '#' for each of these characters.
        assertThat(text).contains("cn-app (智能写作助手, 北京示例智能科技有限公司)").doesNotContain("(######");
    }

    @Test
    void theReportPageDataIsTheComplianceReportWithEachNodesShare() {
        HttpResponse<String> response = console("/admin/console/report?product=test-app", "Authorization", "Bearer " + session());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = Json.MAPPER.readTree(response.body());
        assertThat(report.path("product").stringValue()).isEqualTo("test-app");
        assertThat(report.path("nodes")).extracting(n -> n.path("node").stringValue()).containsExactly(auditLayout.node().value());
        assertThat(report.path("nodes").get(0).path("total").path("requests").longValue())
                .isEqualTo(report.path("total").path("requests").longValue());
        assertThat(console("/admin/console/report?from=2026-13-01", "Authorization", "Bearer " + session()).statusCode())
                .isEqualTo(400);
    }

    @Test
    void anExportForAnInvalidPeriodIsABadRequest() {
        assertThat(console("/admin/console/export?from=2026-12-02&to=2026-12-01", "Authorization", "Bearer " + session())
                .statusCode()).isEqualTo(400);
        assertThat(console("/admin/console/export?from=yesterday", "Authorization", "Bearer " + session()).body())
                .contains("not an ISO date");
        assertThat(console("/admin/console/export?from=2020-01-01&to=2026-01-01", "Authorization", "Bearer " + session())
                .statusCode()).isEqualTo(400);
        assertThat(console("/admin/console/export?format=docx", "Authorization", "Bearer " + session()).statusCode())
                .isEqualTo(400);
    }

    @Test
    void theAuditPageDataVerifiesTheChainPerDay() {
        HttpResponse<String> response = console("/admin/console/audit", "Authorization", "Bearer " + session());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode audit = Json.MAPPER.readTree(response.body());
        assertThat(audit.path("verification").path("valid").booleanValue()).isTrue();
        assertThat(audit.path("verification").path("lastCheckpoint").path("kid").stringValue())
                .isEqualTo(auditSigningKeys.active().kid());
        assertThat(audit.path("days").size()).isPositive();
        for (JsonNode day : audit.path("days")) {
            assertThat(day.path("status").stringValue()).isEqualTo("verified");
            assertThat(day.path("node").stringValue()).isEqualTo(auditLayout.node().value());
        }
        assertThat(audit.path("anchor").path("status").stringValue()).isEqualTo("not_configured");
        assertThat(audit.path("node").stringValue()).isEqualTo(auditLayout.node().value());
        assertThat(audit.path("verification").path("nodes").size()).as("only aigw.audit.dir set: this replica's chain")
                .isEqualTo(1);
    }

    private JsonNode overview() {
        HttpResponse<String> response = console("/admin/console/overview", "Authorization", "Bearer " + session());
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private static long routeRequests(JsonNode overview, String route) {
        for (JsonNode node : overview.path("routes")) {
            if (node.path("route").stringValue().equals(route)) {
                return node.path("requests").longValue();
            }
        }
        return 0;
    }

    private static JsonNode find(JsonNode list, String id) {
        return find(list, id, "id");
    }

    private static JsonNode find(JsonNode list, String id, String field) {
        for (JsonNode node : list) {
            if (node.path(field).stringValue().equals(id)) {
                return node;
            }
        }
        throw new AssertionError(id + " not in " + list);
    }

    private boolean verifies(byte[] data, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(auditSigningKeys.jwks().keys().get(0).publicKey());
        verifier.update(data);
        return verifier.verify(signature);
    }

    /** A console session of this test, signed in once with the admin token. */
    String session() {
        if (session == null) {
            HttpResponse<String> response = postWith("/admin/console/session", ADMIN_TOKEN);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            session = Json.MAPPER.readTree(response.body()).path("token").stringValue();
        }
        return session;
    }

    /** An empty POST on the management port, with {@code Authorization: Bearer <token>} unless null. */
    HttpResponse<String> postWith(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(consoleUrl(path))).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET on the management port with the given header name/value pairs. */
    HttpResponse<String> console(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(consoleUrl(path))).timeout(Duration.ofSeconds(60)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String consoleUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    byte[] fetchBytes(String path) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(consoleUrl(path)))
                    .header("Authorization", "Bearer " + session()).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String pdfText(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
