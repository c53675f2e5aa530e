package io.aigw.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigw.filters.audit.AuditRecord.ScanOutcome;
import io.aigw.filters.audit.AuditRecord.ScanVerdict;
import io.aigw.filters.audit.AuditWriter;
import io.aigw.filters.audit.AuditWriterConfig;
import io.aigw.filters.audit.Ed25519AuditSigner;
import io.aigw.filters.audit.ExchangeContext;
import io.aigw.filters.audit.ExchangeRecords;
import io.aigw.filters.content.Action;
import io.aigw.filters.content.ContentMatch;
import io.aigw.filters.label.SigningKeys;
import io.aigw.filters.license.License;
import io.aigw.filters.license.LicenseStatus;
import io.aigw.filters.license.Product;
import io.aigw.filters.protocol.ApiEndpoint;
import io.aigw.filters.protocol.ChatRequest;
import io.aigw.filters.protocol.ErrorKind;
import io.aigw.filters.protocol.Protocol;
import io.aigw.filters.protocol.ProtocolException;
import io.aigw.filters.protocol.adapters.ProtocolAdapters;
import io.aigw.gateway.exchange.ChatExchange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.SignalType;

class ExchangeAuditorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private AuditWriter writer;

    private AuditWriter start(int capacity) {
        writer = AuditWriter.start(AuditWriterConfig.defaults(dir).withQueueCapacity(capacity),
                Ed25519AuditSigner.of(SigningKeys.generateInMemory()), CLOCK);
        return writer;
    }

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
    }

    private static ChatExchange chat(String requestId) {
        Product product = new Product("acme", "Acme", "Acme Ltd", "001191110102MAD55U9H0F10002", List.of(), null,
                new License(LicenseStatus.LICENSED, "N-1", LocalDate.parse("2026-01-01"), null, List.of("*")), null);
        byte[] body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
        ChatRequest request = ProtocolAdapters.of(Protocol.OPENAI).requestCodec().decode(body);
        return new ChatExchange(new ExchangeContext(requestId, product, "chat", Protocol.OPENAI, ApiEndpoint.CHAT, request.model(),
                request.stream()), request);
    }

    private static MockServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions"));
    }

    private List<String> lines() throws Exception {
        writer.flush().get();
        try (var files = Files.list(dir)) {
            return files.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(l -> l.contains("\"type\":\"record\"")).toList();
        }
    }

    @Test
    void anAdmittedExchangeWritesExactlyOneLineWhenItEnds() throws Exception {
        ExchangeAuditor auditor = new ExchangeAuditor(start(4), false, false, CLOCK);
        MockServerWebExchange exchange = exchange();
        ChatExchange chat = chat("r-1");
        assertThat(auditor.admit(exchange, chat)).isEmpty();
        auditor.finish(exchange, chat, SignalType.CANCEL);
        auditor.finish(exchange, chat, SignalType.ON_COMPLETE); // a second end is ignored, not a second line

        List<String> lines = lines();
        assertThat(lines).hasSize(1);
        // The client went away: cancelled, and nothing generated.
        assertThat(lines.get(0)).contains("\"request_id\":\"r-1\"", "\"product\":\"acme\"", "\"outcome\":\"cancelled\"",
                "\"generated\":false");
        assertThat(writer.counters().inFlight()).isZero();
    }

    @Test
    void withoutCapacityTheExchangeIsRefusedWith503() {
        ExchangeAuditor auditor = new ExchangeAuditor(start(1), false, false, CLOCK);
        assertThat(auditor.admit(exchange(), chat("r-1"))).isEmpty(); // holds the only place

        Optional<ProtocolException> refused = auditor.admit(exchange(), chat("r-2"));
        assertThat(refused).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_OVERLOADED);
            assertThat(e.kind().status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo(ExchangeAuditor.UNAVAILABLE_CODE);
        });
        assertThat(writer.counters().rejected()).isEqualTo(1);
    }

    @Test
    void failOpenServesWithoutALineAndCountsIt() throws Exception {
        ExchangeAuditor auditor = new ExchangeAuditor(start(1), true, false, CLOCK);
        writer.close();
        MockServerWebExchange exchange = exchange();
        ChatExchange chat = chat("r-1");
        assertThat(auditor.admit(exchange, chat)).isEmpty();
        auditor.finish(exchange, chat, SignalType.ON_COMPLETE);
        assertThat(writer.counters().rejected()).isEqualTo(1);
        assertThat(writer.counters().written()).isZero();
    }

    @Test
    void aRequestRefusedBeforeDecodingGetsOneLineWithItsOutcome() throws Exception {
        ExchangeAuditor auditor = new ExchangeAuditor(start(8), false, false, CLOCK);
        Product acme = chat("x").product();
        auditor.refused(exchange(), Protocol.OPENAI, null, new ProtocolException(ErrorKind.INVALID_API_KEY, "no"));
        auditor.refused(exchange(), Protocol.OPENAI, acme, new ProtocolException(ErrorKind.INVALID_JSON, "bad"));
        auditor.refused(exchange(), Protocol.ANTHROPIC, acme, new ProtocolException(ErrorKind.REQUEST_TOO_LARGE, "big"));
        auditor.refused(exchange(), Protocol.OPENAI, acme, null); // the client went away while sending

        List<String> lines = lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("\"product\":null", "\"outcome\":\"denied\"");
        assertThat(lines.get(1)).contains("\"product\":\"acme\"", "\"model\":null", "\"outcome\":\"invalid\"");
        assertThat(lines.get(2)).contains("\"protocol\":\"anthropic\"", "\"outcome\":\"invalid\"");
        assertThat(lines.get(3)).contains("\"outcome\":\"cancelled\"");
        assertThat(ExchangeRecords.refusalOutcome(new ProtocolException(ErrorKind.INTERNAL, "x")).wire()).isEqualTo("error");
    }

    @Test
    void healthFollowsTheWriter() {
        AuditHealthIndicator health = new AuditHealthIndicator(start(2), new io.aigw.filters.audit.AuditWitness(List.of()));
        assertThat(health.health().getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
        assertThat(health.health().getDetails()).containsEntry("written", 0L);
        writer.close();
        assertThat(health.health().getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.OUT_OF_SERVICE);
    }

    @Test
    void aVerdictIsTheStrongestActionWithItsCategoriesOnce() {
        assertThat(ExchangeRecords.verdict(List.of())).isEqualTo(ScanVerdict.allow());
        ScanVerdict verdict = ExchangeRecords.verdict(List.of(
                new ContentMatch("pii-email", 0, 3, Action.FLAG),
                new ContentMatch("pii-phone", 4, 9, Action.MASK),
                new ContentMatch("pii-email", 10, 12, Action.FLAG)));
        assertThat(verdict.outcome()).isEqualTo(ScanOutcome.MASK);
        assertThat(verdict.categories()).containsExactly("pii-email", "pii-phone");
        assertThat(ExchangeRecords.verdict(List.of(new ContentMatch("A1", 0, 1, Action.BLOCK))).outcome())
                .isEqualTo(ScanOutcome.BLOCK);
    }
}
