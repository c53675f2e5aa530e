package io.aigw.gateway.label;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.label.LabelConfig;
import io.aigw.gateway.GatewayIntegrationTest;
import io.aigw.gateway.audit.AuditLines;
import io.aigw.gateway.audit.AuditProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issue 20 through the official Node SDKs ({@code openai}, {@code @anthropic-ai/sdk}, pinned in
 * {@code sdk-node/package-lock.json}): WireMock answers each shape's prompt with the transcript of
 * {@link ShapeTranscripts}, {@code node sdk-node/shapes.mjs} calls the gateway for every shape and
 * checks what the SDKs parsed, and this test checks its exit code, its line per shape and the audit
 * line of each call.
 *
 * <p>Needs {@code node} (20+) and {@code npm ci} run in {@code sdk-node/} ({@code .ci/run} does it).
 * Without them the test fails with the command to run, unless the run says
 * {@code -Daigw.test.skip-node=true}: then it is skipped, visibly.
 */
class NodeSdkShapesIntegrationTest extends GatewayIntegrationTest {

    static final String SKIP_PROPERTY = "aigw.test.skip-node";
    private static final Path SDK_NODE = Path.of("..", "sdk-node").toAbsolutePath().normalize();
    private static final long NODE_TIMEOUT_SECONDS = 300;

    @Autowired
    AuditWriter writer;

    @Autowired
    AuditProperties auditProperties;

    @Test
    void theNodeSdksParseEveryShapeAndEachCallIsAuditedWithItsLabels() throws Exception {
        requireNodeSuite();
        Map<String, ShapeTranscripts.Transcript> shapes = ShapeTranscripts.nodeShapes();
        shapes.forEach((shape, transcript) -> UPSTREAM.stubFor(post(anyUrl())
                .withRequestBody(containing("\"shape:" + shape + "\""))
                .willReturn(aResponse()
                        .withHeader("Content-Type", transcript.stream() ? "text/event-stream" : "application/json")
                        .withBody(transcript.body()))));
        String run = "node-" + UUID.randomUUID();

        NodeRun result = runShapes(run);

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> expected = new ArrayList<>();
        shapes.keySet().forEach(shape -> expected.add("ok " + shape));
        expected.add("shapes: " + shapes.size() + " ok, 0 failing");
        assertThat(result.output().lines().toList()).as(result.output()).containsExactlyElementsOf(expected);
        AuditLines audit = new AuditLines(writer, auditProperties);
        for (String shape : shapes.keySet()) {
            JsonNode line = audit.theLineOf(run + "-" + shape);
            assertThat(line.path("outcome").stringValue()).as(shape).isEqualTo("served");
            List<String> labels = new ArrayList<>();
            line.path("explicit_labels").forEach(v -> labels.add(v.stringValue()));
            assertThat(labels).as(shape).isEqualTo(ShapeTranscripts.expectedExplicitLabels(shape));
            assertThat(line.path("label").path("implicit").booleanValue()).as(shape).isTrue();
            assertThat(line.path("receipt").stringValue()).as(shape).isNotEmpty();
        }
    }

    /** The exit code and the whole output (stdout and stderr) of one run of {@code shapes.mjs}. */
    private record NodeRun(int exitCode, String output) {
    }

    /** Runs the Node suite on this test's thread (never an event loop), output to a file, bounded in time. */
    private NodeRun runShapes(String run) throws IOException, InterruptedException {
        Path log = Files.createTempFile("aigw-node-shapes", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder("node", "shapes.mjs")
                    .directory(SDK_NODE.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("AIGW_BASE_URL", gatewayUrl(""));
            builder.environment().put("AIGW_KEY", KEY);
            builder.environment().put("AIGW_LABEL", LabelConfig.DEFAULT_ZH_CN);
            builder.environment().put("AIGW_RUN", run);
            builder.environment().remove("AIGW_SHAPES");
            Process process = builder.start();
            if (!process.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("node shapes.mjs did not end within " + NODE_TIMEOUT_SECONDS + " s:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new NodeRun(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Fails with what to run when node or the installed SDKs are missing, unless the run skips Node explicitly. */
    private static void requireNodeSuite() {
        String missing = null;
        if (!Files.isDirectory(SDK_NODE.resolve("node_modules/openai"))
                || !Files.isDirectory(SDK_NODE.resolve("node_modules/@anthropic-ai/sdk"))) {
            missing = "the Node SDKs are not installed: run `npm ci` in " + SDK_NODE;
        } else if (!nodeRuns()) {
            missing = "`node` (20 or later) is not on the PATH";
        }
        if (missing == null) {
            return;
        }
        Assumptions.assumeFalse(Boolean.getBoolean(SKIP_PROPERTY), "Node SDK suite skipped (-D" + SKIP_PROPERTY + "=true): " + missing);
        throw new AssertionError(missing + " (.ci/run installs both; outside CI this suite can be skipped with -D" + SKIP_PROPERTY + "=true)");
    }

    private static boolean nodeRuns() {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return version.waitFor(60, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
