package io.aigw.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditVerifyCli;
import io.aigw.filters.label.SigningKeyDirectory;
import io.aigw.filters.protocol.Json;
import io.aigw.gateway.GatewayProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18, items 3 and 4 (replicas): two gateway processes share one receipt key directory, one audit key
 * directory and one audit root, as two pods mounting the same Secret and volume would (each writes its own
 * chain, {@code <root>/<node-id>}). Both start at once on empty key directories, so they must agree on one
 * key. A receipt made by either verifies on the other; the compliance report and the verification of
 * either replica cover both chains, counting each exchange once; a third process given a replica's node id
 * finds that chain locked and refuses to start with one clear line; after a clean stop both chains
 * verify with their final checkpoint through the command-line verifier.
 */
class ReplicasGatewayTest {

    private static final String ADMIN_TOKEN = "replicas-admin-token";
    private static final int TO_A = 6;
    private static final int TO_B = 4;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void twoReplicasShareKeysCrossVerifyReceiptsAndReportBothChainsOnceEach() throws Exception {
        Path root = tmp.resolve("audit");
        try (GatewayProcess a = replica("replica-a", root); GatewayProcess b = replica("replica-b", root)) {
            a.awaitReady(http);
            b.awaitReady(http);

            assertThat(get(b.port(), "/.well-known/aigc-keys").body()).as("one JWKS for the fleet")
                    .isEqualTo(get(a.port(), "/.well-known/aigc-keys").body());

            List<Answer> fromA = answers(a, TO_A);
            List<Answer> fromB = answers(b, TO_B);
            for (Answer answer : fromA) {
                assertThat(verifyAt(b, answer)).as("a receipt of replica A verified at replica B").isTrue();
            }
            for (Answer answer : fromB) {
                assertThat(verifyAt(a, answer)).as("a receipt of replica B verified at replica A").isTrue();
            }
            Answer tampered = new Answer(fromA.get(0).content() + "!", fromA.get(0).receipt());
            assertThat(verifyAt(b, tampered)).isFalse();

            for (GatewayProcess replica : List.of(a, b)) {
                JsonNode verify = Json.parseUpstream(admin(replica, "/admin/audit/verify"));
                assertThat(verify.path("valid").booleanValue()).as(verify.toString()).isTrue();
                assertThat(verify.path("chains").intValue()).isEqualTo(2);
                assertThat(verify.path("records").longValue()).isEqualTo(TO_A + TO_B);
                assertThat(nodeField(verify, "replica-a", "records")).isEqualTo(TO_A);
                assertThat(nodeField(verify, "replica-b", "records")).isEqualTo(TO_B);

                JsonNode report = Json.parseUpstream(admin(replica, "/admin/report"));
                assertThat(report.path("total").path("requests").longValue()).as(report.toString()).isEqualTo(TO_A + TO_B);
                assertThat(report.path("total").path("served").longValue()).isEqualTo(TO_A + TO_B);
                assertThat(report.path("total").path("coverage").stringValue()).isEqualTo("100%");
                assertThat(nodeTotal(report, "replica-a")).isEqualTo(TO_A);
                assertThat(nodeTotal(report, "replica-b")).isEqualTo(TO_B);
            }

            Path secondLog = tmp.resolve("second-a.log");
            try (GatewayProcess second = GatewayProcess.start(secondLog, List.of("-Xmx256m"), arguments("replica-a", root))) {
                assertThat(second.process().waitFor(120, TimeUnit.SECONDS)).as("the second process on replica-a's chain exits")
                        .isTrue();
                assertThat(second.process().exitValue()).isNotZero();
                assertThat(second.log()).contains("APPLICATION FAILED TO START")
                        .containsPattern("audit directory \\S+replica-a is locked by another gateway process \\(node replica-a pid \\d+\\)")
                        .doesNotContain("Exception in thread");
            }
            assertThat(get(a.port(), "/.well-known/aigc-keys").statusCode()).as("replica A kept running").isEqualTo(200);

            assertThat(a.stop(Duration.ofSeconds(60))).isTrue();
            assertThat(b.stop(Duration.ofSeconds(60))).isTrue();
        }

        Path jwks = tmp.resolve("audit-jwks.json");
        Files.writeString(jwks, new SigningKeyDirectory(tmp.resolve("audit-keys"), Clock.systemUTC()).loadOrCreate().jwks().toJson());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = AuditVerifyCli.run(new String[] {"--require-final-checkpoint", "--root", root.toString(), jwks.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        JsonNode offline = Json.parseUpstream(out.toString(StandardCharsets.UTF_8));
        assertThat(status).as(offline.toString()).isEqualTo(AuditVerifyCli.VALID);
        assertThat(offline.path("records").longValue()).isEqualTo(TO_A + TO_B);
        assertThat(offline.path("nodes")).extracting(n -> n.path("node").stringValue()).containsExactly("replica-a", "replica-b");
    }

    private GatewayProcess replica(String node, Path root) throws IOException {
        return GatewayProcess.start(tmp.resolve(node + ".log"), List.of("-Xmx256m"), arguments(node, root));
    }

    private List<String> arguments(String node, Path root) {
        return List.of(
                "--aigw.node-id=" + node,
                "--aigw.audit.root=" + root,
                // Set as <root>/<node-id>, its default, because the test class path's application.properties sets it.
                "--aigw.audit.dir=" + root.resolve(node),
                "--aigw.audit.key-dir=" + tmp.resolve("audit-keys"),
                "--aigw.label.signing.key-dir=" + tmp.resolve("label-keys"),
                "--AIGW_ADMIN_TOKEN=" + ADMIN_TOKEN);
    }

    private record Answer(String content, String receipt) {
    }

    private List<Answer> answers(GatewayProcess replica, int count) throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello " + i + "\"}]}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + replica.port() + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer aigw-demo-key")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String content = Json.parseUpstream(response.body()).path("choices").get(0).path("message").path("content").stringValue();
            answers.add(new Answer(content, response.headers().firstValue("AIGC-Receipt").orElseThrow()));
        }
        return answers;
    }

    private boolean verifyAt(GatewayProcess replica, Answer answer) throws Exception {
        String body = Json.MAPPER.writeValueAsString(Json.NODES.objectNode()
                .put("content", answer.content()).put("receipt", answer.receipt()));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + replica.port() + "/aigc/verify"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = Json.parseUpstream(response.body());
        if (!result.path("valid").booleanValue()) {
            assertThat(result.path("reason").stringValue()).as("a key both replicas know").isNotEqualTo("unknown_key");
        }
        return result.path("valid").booleanValue();
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String admin(GatewayProcess replica, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + replica.managementPort() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static long nodeField(JsonNode verify, String node, String field) {
        for (JsonNode n : verify.path("nodes")) {
            if (node.equals(n.path("node").stringValue())) {
                return n.path(field).longValue();
            }
        }
        throw new AssertionError("no node " + node + " in " + verify);
    }

    private static long nodeTotal(JsonNode report, String node) {
        for (JsonNode n : report.path("nodes")) {
            if (node.equals(n.path("node").stringValue())) {
                return n.path("total").path("requests").longValue();
            }
        }
        throw new AssertionError("no node " + node + " in " + report);
    }
}
