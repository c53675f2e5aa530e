package io.aigw.filters.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP witness posts each head as JSON and takes only a 2xx as stored (a JDK server stands in for the endpoint). */
class HttpWitnessTest {

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/anchor", exchange -> {
            bodies.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/anchor?token=secret");
    }

    @Test
    void postsTheHeadAsJsonAndRefusesANon2xx() throws IOException {
        HttpWitness witness = new HttpWitness(url(), Duration.ofSeconds(5));
        CheckpointHead head = new CheckpointHead(42, "h4sh", "2026-11-24T02:00:00Z", "audit-2026-11-24.jsonl");

        witness.send(head);
        assertThat(bodies).containsExactly("application/json "
                + "{\"seq\":42,\"hash\":\"h4sh\",\"time\":\"2026-11-24T02:00:00Z\",\"file\":\"audit-2026-11-24.jsonl\"}");
        assertThat(CheckpointHead.parse(bodies.get(0).substring("application/json ".length())
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(head);

        status.set(500);
        assertThatThrownBy(() -> witness.send(head)).isInstanceOf(IOException.class).hasMessageContaining("500");
        assertThat(witness.describe()).doesNotContain("secret");
    }

    @Test
    void aWriterSendsEveryCheckpointHeadToTheEndpoint() throws Exception {
        AuditWitness witness = new AuditWitness(List.of(new HttpWitness(url(), Duration.ofSeconds(5))));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("aigw-http-witness");
        try (AuditWriter writer = AuditWriter.start(AuditWriterConfig.defaults(dir), AuditFixtures.SIGNER,
                java.time.Clock.systemUTC(), AuditFileOpener.DEFAULT, witness)) {
            writer.offer(AuditFixtures.served("a", java.time.Instant.now(), "acme"));
            writer.checkpoint().join();
        } finally {
            witness.close();
        }
        assertThat(witness.sent()).isEqualTo(1); // the explicit checkpoint; close wrote none (nothing unsigned)
        assertThat(bodies).singleElement().asString().contains("\"seq\":2");
    }
}
