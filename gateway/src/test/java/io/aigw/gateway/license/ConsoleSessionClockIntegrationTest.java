package io.aigw.gateway.license;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The console's session expiry as the running gateway enforces it, on the hand-moved clock of the license
 * tests' context (here for that clock, which the console's sessions read too): live for the idle timeout
 * (15 minutes by default), renewed by the page, refused as {@code session_expired} once past it.
 */
class ConsoleSessionClockIntegrationTest extends LicenseGatewayIntegrationTest {

    @Test
    void theGatewayRefusesASessionOnceItsIdleTimeoutHasPassedOnItsClock() {
        HttpResponse<String> signedIn = post("/admin/console/session", ADMIN_TOKEN);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        String token = Json.parseUpstream(signedIn.body()).path("token").stringValue();
        assertThat(Json.parseUpstream(signedIn.body()).path("expiresAt").stringValue())
                .isEqualTo(START.plus(Duration.ofMinutes(15)).toString());

        CLOCK.advance(Duration.ofMinutes(14));
        assertThat(get("/admin/console/overview", token).statusCode()).isEqualTo(200);
        HttpResponse<String> renewed = post("/admin/console/session/renew", token);
        assertThat(renewed.statusCode()).isEqualTo(200);
        String next = Json.parseUpstream(renewed.body()).path("token").stringValue();

        CLOCK.advance(Duration.ofMinutes(1));
        HttpResponse<String> expired = get("/admin/console/overview", token);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(Json.parseUpstream(expired.body()).path("error").stringValue()).isEqualTo("session_expired");
        assertThat(get("/admin/console/overview", next).statusCode()).isEqualTo(200);

        // Renewed at minute 14: it lives to minute 29.
        CLOCK.advance(Duration.ofMinutes(13));
        assertThat(get("/admin/console/products", next).statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(1));
        assertThat(get("/admin/console/products", next).statusCode()).isEqualTo(401);
        assertThat(post("/admin/console/session/renew", next).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(url(path)).GET(), token);
    }

    private HttpResponse<String> post(String path, String token) {
        return send(HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) {
        try {
            return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
