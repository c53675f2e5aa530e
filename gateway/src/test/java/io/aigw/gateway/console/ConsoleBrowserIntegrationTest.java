package io.aigw.gateway.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.label.SigningKeys;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real browser (Debian's headless chromium, {@link HeadlessChromium}) against the
 * running gateway, after chat traffic through the WireMock upstream: refused without a session and
 * with a wrong token, each page rendered with real data, the live overview refreshing, the report
 * exported as a signed PDF, the print stylesheet, and a session the gateway refuses as expired or
 * forged sending the page back to the sign-in. One browser session;
 * a screenshot of each page goes to {@code target/console-screenshots} (the README's come from there).
 */
class ConsoleBrowserIntegrationTest extends GatewayIntegrationTest {

    static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    static final Duration WAIT = Duration.ofSeconds(60);

    static final String ANTHROPIC_ANSWER = """
            {"id":"msg_c","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"Hello from Claude."}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":7,"output_tokens":4}}""";

    @Autowired
    io.aigw.gateway.audit.AuditLayout auditLayout;

    @Autowired
    SigningKeys auditSigningKeys;

    @Autowired
    ConsoleSessions consoleSessions;

    @Autowired
    java.time.Clock clock;

    @Test
    void anOperatorSignsInSeesEveryPageWithRealDataExportsTheReportAndIsSentBackWhenTheGatewayRefusesTheSession() throws Exception {
        HeadlessChromium.requireInstalled();
        sendTraffic();
        Files.createDirectories(SCREENSHOTS);
        Path profile = Files.createTempDirectory("aigw-chromium-profile");
        Path downloads = Files.createTempDirectory("aigw-chromium-downloads");
        ChromeDriver browser = HeadlessChromium.start(profile, downloads);
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT);

            // A page without a session shows no data: the script sends the visitor to sign in.
            browser.get(url("/console/products.html"));
            wait.until(ExpectedConditions.urlContains("/console/login.html"));
            assertThat(text(browser, "notice")).isEqualTo("Please sign in.");
            assertThat(browser.getPageSource()).doesNotContain("test-app");

            // A wrong token is refused by the gateway.
            signIn(browser, "not-the-admin-token");
            wait.until(d -> !text(browser, "error").isEmpty());
            assertThat(text(browser, "error")).contains("Wrong token");
            assertThat(browser.getCurrentUrl()).contains("/console/login.html");
            assertThat(session(browser)).isNull();
            screenshot(browser, "login");

            // The right one opens the overview, with the traffic just sent.
            signIn(browser, ADMIN_TOKEN);
            wait.until(ExpectedConditions.urlContains("/console/overview.html"));
            waitLoaded(browser, wait, 1);
            assertThat(text(browser, "routes")).contains("openai-chat", "anthropic-messages");
            assertThat(text(browser, "upstreams")).contains("upstream-openai-chat", "CLOSED");
            // The shared context served other tests' traffic too: the page shows what the gateway counts.
            JsonNode overview = Json.MAPPER.readTree(console("/admin/console/overview").body());
            assertThat(text(browser, "cards")).contains("LABELED COVERAGE");
            assertThat(text(browser, "coverageValue")).isEqualTo(overview.path("coverage").path("coverage").stringValue());
            assertThat(text(browser, "coverage")).contains("test-app", coverageOf(overview.path("products"), "test-app"));
            // The tab keeps the gateway's session token, never the admin token.
            assertThat(String.valueOf(session(browser))).isNotEqualTo("null").doesNotContain(ADMIN_TOKEN);
            assertThat(browser.executeScript("return JSON.stringify(sessionStorage)").toString()).doesNotContain(ADMIN_TOKEN);
            screenshot(browser, "overview");

            // Live: new traffic shows up without a reload.
            String before = text(browser, "routes");
            assertThat(chat("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}",
                    "Authorization", "Bearer " + KEY)).isEqualTo(200);
            wait.until(d -> !text(browser, "routes").equals(before));

            browser.findElement(By.linkText("Products")).click();
            wait.until(ExpectedConditions.urlContains("/console/products.html"));
            waitLoaded(browser, wait, 1);
            String products = text(browser, "products");
            assertThat(products).contains("test-app", "TEST-0001", "2026-01-01 to 2030-12-31", "expired-app",
                    "license_expired", "pending-app", "until 2026-12-04", "gpt-*", "cn-app", "智能写作助手",
                    "北京示例智能科技有限公司");
            assertThat(browser.getPageSource()).doesNotContain("sha256:");
            screenshot(browser, "products");

            browser.findElement(By.linkText("Audit")).click();
            wait.until(ExpectedConditions.urlContains("/console/audit.html"));
            waitLoaded(browser, wait, 1);
            assertThat(text(browser, "chainValue")).isEqualTo("verified");
            assertThat(text(browser, "checkpoint")).contains(auditSigningKeys.active().kid());
            assertThat(text(browser, "nodes")).contains(auditLayout.node().value(), "verified");
            assertThat(text(browser, "days")).contains("audit-", ".jsonl", auditLayout.node().value(), "verified");
            screenshot(browser, "audit");

            browser.findElement(By.linkText("Compliance report")).click();
            wait.until(ExpectedConditions.urlContains("/console/report.html"));
            waitLoaded(browser, wait, 1);
            assertThat(Long.parseLong(text(browser, "cards").lines().skip(1).findFirst().orElseThrow())).isPositive();
            assertThat(text(browser, "perProduct")).contains("test-app", "expired-app");
            assertThat(text(browser, "perNode")).contains(auditLayout.node().value());
            JsonNode report = Json.MAPPER.readTree(admin("/admin/report").body());
            assertThat(text(browser, "reportCoverage")).isEqualTo(report.path("total").path("coverage").stringValue());
            screenshot(browser, "report");

            browser.findElement(By.id("exportPdf")).click();
            Path pdf = awaitDownload(downloads, ".pdf");
            Files.copy(pdf, SCREENSHOTS.resolve("report.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            wait.until(d -> text(browser, "exported").startsWith("Saved "));
            String pdfText = ConsoleEndpointsIntegrationTest.pdfText(Files.readAllBytes(pdf));
            assertThat(pdfText).contains("Compliance report", "test-app", auditSigningKeys.active().kid(),
                    "openssl pkeyutl -verify");

            // The signed JSON beside it: the signature printed on the PDF verifies its bytes.
            browser.findElement(By.id("exportJson")).click();
            Path json = awaitDownload(downloads, ".json");
            Files.copy(json, SCREENSHOTS.resolve(json.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(pdfText).contains(json.getFileName().toString());
            String echo = pdfText.lines().filter(l -> l.startsWith("echo '")).findFirst().orElseThrow();
            java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
            verifier.initVerify(auditSigningKeys.active().jwk().publicKey());
            verifier.update(Files.readAllBytes(json));
            assertThat(verifier.verify(Base64.getDecoder().decode(echo.substring(6, echo.indexOf('\'', 6))))).isTrue();

            // The print stylesheet leaves out the navigation and the buttons.
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
            assertThat(browser.findElement(By.tagName("header")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("exportPdf")).isDisplayed()).isFalse();
            screenshot(browser, "report-print");
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));

            // A session the gateway signed for a sign-in one idle timeout ago: the gateway refuses it as
            // expired, and the page forgets it and asks to sign in again.
            String expired = consoleSessions.token(consoleSessions.issue(clock.instant().minus(consoleSessions.idleTimeout())));
            browser.executeScript("sessionStorage.setItem('aigw.console.session', arguments[0])", expired);
            browser.get(url("/console/overview.html"));
            wait.until(ExpectedConditions.urlContains("/console/login.html"));
            assertThat(text(browser, "notice")).contains("session expired");
            assertThat(session(browser)).isNull();

            // A forged one (not signed by this gateway) is refused too.
            signIn(browser, ADMIN_TOKEN);
            wait.until(ExpectedConditions.urlContains("/console/overview.html"));
            String live = String.valueOf(session(browser));
            browser.executeScript("sessionStorage.setItem('aigw.console.session', arguments[0])",
                    live.substring(0, live.indexOf('.') + 1) + "forged");
            browser.findElement(By.linkText("Audit")).click();
            wait.until(ExpectedConditions.urlContains("/console/login.html"));
            assertThat(text(browser, "notice")).contains("refused the session");
            assertThat(session(browser)).isNull();

            List<String> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::getMessage)
                    .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught"))
                    .toList();
            assertThat(problems).isEmpty();
        } finally {
            browser.quit();
        }
    }

    private static String coverageOf(JsonNode products, String product) {
        for (JsonNode node : products) {
            if (node.path("product").stringValue().equals(product)) {
                return node.path("coverage").stringValue();
            }
        }
        throw new AssertionError(product + " not in " + products);
    }

    private void sendTraffic() {
        UPSTREAM.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(ConsoleEndpointsIntegrationTest.OPENAI_ANSWER)));
        UPSTREAM.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(ANTHROPIC_ANSWER)));
        String openAi = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        assertThat(chat("/v1/chat/completions", openAi, "Authorization", "Bearer " + KEY)).isEqualTo(200);
        assertThat(chat("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", KEY)).isEqualTo(200);
        assertThat(chat("/v1/chat/completions", openAi.replace("hi", "forbiddenword"), "Authorization", "Bearer " + KEY))
                .isEqualTo(400);
        assertThat(chat("/v1/chat/completions", openAi, "Authorization", "Bearer expired-key")).isEqualTo(403);
    }

    private int chat(String path, String body, String... headers) {
        return send(path, body, headers).statusCode();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    private static void signIn(ChromeDriver browser, String token) {
        browser.findElement(By.id("token")).clear();
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("signin")).click();
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    private static Object session(ChromeDriver browser) {
        return browser.executeScript("return sessionStorage.getItem('aigw.console.session')");
    }

    /** Waits until the page's script has rendered its data {@code times} times ({@code body[data-loaded]}). */
    private static void waitLoaded(ChromeDriver browser, WebDriverWait wait, int times) {
        wait.until(d -> {
            Object loaded = browser.executeScript("return document.body.dataset.loaded || '0'");
            return Integer.parseInt(String.valueOf(loaded)) >= times;
        });
    }

    /** The first file ending with {@code suffix} in {@code dir} once it has content (Chrome renames it when done). */
    private static Path awaitDownload(Path dir, String suffix) {
        return Awaitility.await("a " + suffix + " download in " + dir).atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> downloaded(dir, suffix), Optional::isPresent).orElseThrow();
    }

    private static Optional<Path> downloaded(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> done = files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            return !done.isEmpty() && Files.size(done.get(0)) > 0 ? Optional.of(done.get(0)) : Optional.empty();
        }
    }

    /** A GET of a console data endpoint with a session of the gateway's own. */
    private HttpResponse<String> console(String path) {
        return exchange(HttpRequest.newBuilder(URI.create(url(path))).GET(),
                "Authorization", "Bearer " + consoleSessions.token(consoleSessions.signIn()));
    }

    /** The whole page, beyond the window's height (Chrome DevTools' capture). */
    private static void screenshot(ChromeDriver browser, String name) throws IOException {
        Number height = (Number) browser.executeScript("return Math.max(document.documentElement.scrollHeight, 700)");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", 1360, "height", Math.min(5000, height.intValue()), "scale", 1)));
        Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }
}
